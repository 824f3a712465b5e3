// Prints the percentile spectrum (.hgrm) of latencies read from stdin, one integer number of nanoseconds per line,
// with the HdrHistogram Java reference: new Histogram(3), outputPercentileDistribution(out, 5, 1e6[, csv]), i.e.
// values in milliseconds, 5 ticks per half distance. Used by scripts/make-format-fixtures.sh.
//
//   java -cp hdrhistogram.jar:. PercentileSpectrum [--csv] < latencies-ns.txt
import java.io.BufferedReader;
import java.io.InputStreamReader;
import org.HdrHistogram.Histogram;

public final class PercentileSpectrum {
  public static void main(String[] args) throws Exception {
    boolean csv = args.length > 0 && args[0].equals("--csv");
    Histogram histogram = new Histogram(3);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (!line.isBlank()) histogram.recordValue(Long.parseLong(line.trim()));
    }
    histogram.outputPercentileDistribution(System.out, 5, 1e6, csv);
  }
}

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.HdrHistogram.Histogram;

/**
 * Writes HdrHistogram's own .hgrm output (AbstractHistogram.outputPercentileDistribution) for latstat's golden
 * files and interop test. Reads one job per line on stdin:
 *
 *   <input.txt> <digits> <ticks> <ratio> <csv:true|false> <correction> <output.hgrm>
 *
 * where the input has one integer nanosecond value per line and correction is "none", "record:<interval>"
 * (recordValueWithExpectedInterval) or "copy:<interval>" (copyCorrectedForCoordinatedOmission).
 */
public class HgrmGolden {
    public static void main(String[] args) throws IOException {
        BufferedReader jobs = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = jobs.readLine()) != null) {
            if (line.isBlank()) continue;
            String[] job = line.trim().split("\\s+");
            if (job.length != 7) throw new IllegalArgumentException("bad job line: " + line);
            Histogram histogram = build(job[0], Integer.parseInt(job[1]), job[5]);
            try (PrintStream out = new PrintStream(new FileOutputStream(job[6]), false, "UTF-8")) {
                histogram.outputPercentileDistribution(out, Integer.parseInt(job[2]),
                        Double.parseDouble(job[3]), Boolean.parseBoolean(job[4]));
            }
        }
    }

    private static Histogram build(String input, int digits, String correction) throws IOException {
        Histogram histogram = new Histogram(digits);
        long interval = correction.equals("none") ? 0 : Long.parseLong(correction.substring(correction.indexOf(':') + 1));
        boolean atRecording = correction.startsWith("record:");
        for (String text : Files.readAllLines(Paths.get(input), StandardCharsets.UTF_8)) {
            if (text.isBlank()) continue;
            long value = Long.parseLong(text.trim());
            if (atRecording) histogram.recordValueWithExpectedInterval(value, interval);
            else histogram.recordValue(value);
        }
        if (correction.startsWith("copy:")) return histogram.copyCorrectedForCoordinatedOmission(interval);
        if (!atRecording && !correction.equals("none")) throw new IllegalArgumentException("bad correction: " + correction);
        return histogram;
    }
}

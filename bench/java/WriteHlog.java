// Writes an HdrHistogram interval log the way a Java service does: one org.HdrHistogram.Recorder per tag,
// recording `rate` latencies a second each (lognormal around a per-tag median, in ns), and every second each
// recorder's interval histogram written by HistogramLogWriter with its tag, after the header jHiccup writes
// (comment, format version, start time, legend). Seeded, with simulated time, so the bytes are the same each run.
// Usage: java -cp hdrhistogram.jar:CLASSES WriteHlog FILE SECONDS RATE TAG...
import java.io.PrintStream;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

public class WriteHlog {
    static final long START_MS = 1793610000000L;

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int tags = args.length - 3;
        Random random = new Random(61);
        Recorder[] recorders = new Recorder[tags];
        for (int t = 0; t < tags; t++) recorders[t] = new Recorder(3);
        try (PrintStream out = new PrintStream(args[0], "UTF-8")) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("[Written by latstat's bench/java/WriteHlog.java with HistogramLogWriter]");
            writer.outputLogFormatVersion();
            writer.outputStartTime(START_MS);
            writer.setBaseTime(START_MS);
            writer.outputLegend();
            Histogram[] intervals = new Histogram[tags];
            for (int second = 0; second < seconds; second++) {
                for (int t = 0; t < tags; t++) {
                    double medianNs = 2_000_000.0 * (t + 1);
                    for (int i = 0; i < rate; i++) {
                        recorders[t].recordValue(Math.max(1, (long) (medianNs * Math.exp(0.7 * random.nextGaussian()))));
                    }
                    Histogram interval = recorders[t].getIntervalHistogram(intervals[t]);
                    intervals[t] = interval;
                    interval.setStartTimeStamp(START_MS + second * 1000L);
                    interval.setEndTimeStamp(START_MS + (second + 1) * 1000L);
                    interval.setTag(args[3 + t]);
                    writer.outputIntervalHistogram(interval);
                }
            }
        }
    }
}

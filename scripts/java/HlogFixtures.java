// Writes small HdrHistogram interval logs with the Java reference's own HistogramLogWriter, for latstat's golden
// files (scripts/make-hlog-fixtures.sh, fixtures/hlog/). Deterministic: a seeded Random, fixed start times.
// Usage: java -cp <hdrhistogram.jar>:<classes> HlogFixtures OUTDIR
//
//   tagged.hlog    3 digits; untagged, Tag=GET and Tag=PUT lines every second for 20 s; StartTime and BaseTime,
//                  relative timestamps; a 1.2 s stall at 7 s (for coordinated-omission correction).
//   digits2.hlog   2 significant digits, lowest discernible value 1000 (as jHiccup-style logs), BaseTime, 12 x 0.5 s.
//   absolute.hlog  no StartTime or BaseTime lines: absolute timestamps, as YCSB writes them; 8 x 1 s.
//   wide.hlog      highestTrackableValue Long.MAX_VALUE / 2 (2^62 - 1, which a double rounds to 2^62), 3 digits,
//                  as a tool that records any long would make it; 4 x 1 s.
//   mixed.hlog     intervals of three shapes in turn (3 digits; 2 digits, lowest discernible value 1000; 1 digit),
//                  as two tools' logs concatenated would have; a stall of 40-81 ms in each, the longest in the last (1 digit), 9 x 1 s.
import java.io.File;
import java.io.PrintStream;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

public class HlogFixtures {
    static final long START_MS = 1700000000123L;

    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        tagged(new File(dir, "tagged.hlog"));
        digits2(new File(dir, "digits2.hlog"));
        absolute(new File(dir, "absolute.hlog"));
        mixed(new File(dir, "mixed.hlog"));
        wide(new File(dir, "wide.hlog"));
    }

    // Lognormal-ish latencies around `medianNs`, in nanoseconds.
    static long latency(Random random, long medianNs) {
        return Math.max(1, (long) (medianNs * Math.exp(0.6 * random.nextGaussian())));
    }

    static Histogram interval(Random random, Histogram shape, int count, long medianNs, long startMs, long lengthMs) {
        Histogram h = shape.copy();
        h.reset();
        for (int i = 0; i < count; i++) h.recordValue(latency(random, medianNs));
        h.setStartTimeStamp(startMs);
        h.setEndTimeStamp(startMs + lengthMs);
        return h;
    }

    static HistogramLogWriter open(File file, boolean withHeaders) throws Exception {
        HistogramLogWriter writer = new HistogramLogWriter(new PrintStream(file, "UTF-8"));
        writer.outputComment("[Written by latstat's scripts/java/HlogFixtures.java with HistogramLogWriter]");
        writer.outputLogFormatVersion();
        if (withHeaders) {
            writer.outputStartTime(START_MS);
            writer.setBaseTime(START_MS);
            writer.outputBaseTime(START_MS);
        }
        writer.outputLegend();
        return writer;
    }

    static void tagged(File file) throws Exception {
        Random random = new Random(42);
        Histogram shape = new Histogram(3600L * 1000 * 1000 * 1000, 3);
        HistogramLogWriter writer = open(file, true);
        for (int second = 0; second < 20; second++) {
            long start = START_MS + second * 1000L + 3;
            Histogram untagged = interval(random, shape, 150, 2_000_000, start, 1000);
            if (second == 7) untagged.recordValue(1_200_000_000L);
            writer.outputIntervalHistogram(untagged);
            Histogram get = interval(random, shape, 80, 1_000_000, start, 1000);
            get.setTag("GET");
            writer.outputIntervalHistogram(get);
            if (second % 2 == 0) {
                Histogram put = interval(random, shape, 40, 5_000_000, start, 1000);
                put.setTag("PUT");
                writer.outputIntervalHistogram(put);
            }
        }
        writer.close();
    }

    static void digits2(File file) throws Exception {
        Random random = new Random(7);
        Histogram shape = new Histogram(1000, 3600L * 1000 * 1000 * 1000, 2);
        HistogramLogWriter writer = open(file, true);
        for (int i = 0; i < 12; i++) {
            writer.outputIntervalHistogram(interval(random, shape, 120, 300_000, START_MS + i * 500L, 500));
        }
        writer.close();
    }

    static void absolute(File file) throws Exception {
        Random random = new Random(11);
        Histogram shape = new Histogram(3);
        HistogramLogWriter writer = open(file, false);
        for (int i = 0; i < 8; i++) {
            writer.outputIntervalHistogram(interval(random, shape, 200, 800_000, START_MS + i * 1000L, 1000));
        }
        writer.close();
    }

    static void mixed(File file) throws Exception {
        Random random = new Random(23);
        long hour = 3600L * 1000 * 1000 * 1000;
        Histogram[] shapes = {new Histogram(hour, 3), new Histogram(1000, hour, 2), new Histogram(hour, 1)};
        HistogramLogWriter writer = open(file, true);
        for (int i = 0; i < 9; i++) {
            Histogram h = interval(random, shapes[i % 3], 100, 1_500_000, START_MS + i * 1000L, 1000);
            h.recordValue(40_000_000L + i * 5_000_000L + random.nextInt(1_000_000));
            writer.outputIntervalHistogram(h);
        }
        writer.close();
    }

    static void wide(File file) throws Exception {
        Random random = new Random(5);
        Histogram shape = new Histogram(1, Long.MAX_VALUE / 2, 3);
        HistogramLogWriter writer = open(file, true);
        for (int i = 0; i < 4; i++) {
            writer.outputIntervalHistogram(interval(random, shape, 100, 2_000_000, START_MS + i * 1000L, 1000));
        }
        writer.close();
    }
}

// Prints every interval histogram of HdrHistogram logs as the Java reference reads them, for latstat's
// interop tests (test/hlog/). Usage: java -cp <hdrhistogram.jar>:<classes> HlogDump FILE...
//
// For each FILE:
//   file <path>
//   interval <tag|-> <startTimeStampMs> <endTimeStampMs> <digits> <lowest> <highest> <total> <min> <max> <mean>
//            <p50> <p90> <p99> <p99.9> <p100>          (one line; mean is Double.toString)
//   <lowest value of a non-empty bucket> <count>       (one line per non-empty bucket, ascending)
//   overall <tag|-> <total> <min> <max> <mean> <p50> <p90> <p99> <p99.9> <p100>
//                                                      (per tag, accumulated as HistogramLogProcessor does)
//   starttime <reader.getStartTimeSec()>
// A line "error <exception>" ends a file's dump if the reader throws.
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;

public class HlogDump {
    public static void main(String[] args) throws Exception {
        for (String path : args) {
            System.out.println("file " + path);
            HistogramLogReader reader = new HistogramLogReader(path);
            Map<String, Histogram> overall = new LinkedHashMap<>();
            try {
                EncodableHistogram encodable;
                while ((encodable = reader.nextIntervalHistogram()) != null) {
                    Histogram h = (Histogram) encodable;
                    String tag = h.getTag() == null ? "-" : h.getTag();
                    System.out.println("interval " + tag + " " + h.getStartTimeStamp() + " " + h.getEndTimeStamp()
                            + " " + h.getNumberOfSignificantValueDigits() + " " + h.getLowestDiscernibleValue()
                            + " " + h.getHighestTrackableValue() + " " + stats(h));
                    for (HistogramIterationValue v : h.recordedValues()) {
                        System.out.println(h.lowestEquivalentValue(v.getValueIteratedTo()) + " "
                                + v.getCountAtValueIteratedTo());
                    }
                    Histogram sum = overall.get(tag);
                    if (sum == null) {
                        sum = h.copy();
                        sum.reset();
                        sum.setAutoResize(true);
                        overall.put(tag, sum);
                    }
                    sum.add(h);
                }
            } catch (RuntimeException e) {
                System.out.println("error " + e);
            }
            for (Map.Entry<String, Histogram> e : overall.entrySet()) {
                System.out.println("overall " + e.getKey() + " " + stats(e.getValue()));
            }
            System.out.println("starttime " + reader.getStartTimeSec());
        }
    }

    static String stats(Histogram h) {
        return h.getTotalCount() + " " + h.getMinValue() + " " + h.getMaxValue() + " " + h.getMean()
                + " " + h.getValueAtPercentile(50) + " " + h.getValueAtPercentile(90)
                + " " + h.getValueAtPercentile(99) + " " + h.getValueAtPercentile(99.9)
                + " " + h.getValueAtPercentile(100);
    }
}

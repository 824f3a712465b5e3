// Decodes base64 compressed histograms with the Java reference, for latstat's codec tests (test/hlog/).
// Reads one base64 histogram per line on stdin; for each prints one line:
//   ok <digits> <lowest> <highest> <total> <min> <max> <v1>:<c1>,<v2>:<c2>,... <base64 of encodeIntoByteBuffer>
// (values are the lowest value of each non-empty bucket; the last field is Java's own uncompressed V2
// re-encoding) or "error <exception>" when Java refuses the input.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

public class CodecCheck {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        String line;
        while ((line = in.readLine()) != null) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(line.trim()));
                Histogram h = Histogram.decodeFromCompressedByteBuffer(buffer, 0);
                StringBuilder counts = new StringBuilder();
                for (HistogramIterationValue v : h.recordedValues()) {
                    if (counts.length() > 0) counts.append(',');
                    counts.append(h.lowestEquivalentValue(v.getValueIteratedTo())).append(':')
                            .append(v.getCountAtValueIteratedTo());
                }
                ByteBuffer out = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                int length = h.encodeIntoByteBuffer(out);
                String reencoded = Base64.getEncoder().encodeToString(Arrays.copyOf(out.array(), length));
                System.out.println("ok " + h.getNumberOfSignificantValueDigits() + " " + h.getLowestDiscernibleValue()
                        + " " + h.getHighestTrackableValue() + " " + h.getTotalCount() + " " + h.getMinValue()
                        + " " + h.getMaxValue() + " " + (counts.length() == 0 ? "-" : counts) + " " + reencoded);
            } catch (Throwable e) {
                System.out.println("error " + String.valueOf(e).replace('\n', ' '));
            }
        }
    }
}

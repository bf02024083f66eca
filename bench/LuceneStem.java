// Reads words, one a line, and prints "word<TAB>stem" as Lucene's Arabic
// analysis chain has it (ArabicNormalizer, then ArabicStemmer): the oracle
// that bench/stem_oracles.sh compares arabic's light10 with.
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.analysis.ar.ArabicNormalizer;
import org.apache.lucene.analysis.ar.ArabicStemmer;

public class LuceneStem {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
    ArabicNormalizer normalizer = new ArabicNormalizer();
    ArabicStemmer stemmer = new ArabicStemmer();
    String word;
    while ((word = in.readLine()) != null) {
      char[] buf = word.toCharArray();
      int len = stemmer.stem(buf, normalizer.normalize(buf, buf.length));
      out.print(word + "\t" + new String(buf, 0, len) + "\n");
    }
    out.flush();
  }
}

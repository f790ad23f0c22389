package io.sparkprop.bench;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running text of a manual page: roff requests, man and mdoc macros and escapes removed by a
 * simple pass of rules (not a roff interpreter). Macros that carry text (.B, .IR, .SH, .TP, mdoc's
 * .Fn, .Nm, .Xr, ...) keep their arguments; requests that only format (.TH, .sp, .nf, .de blocks,
 * conditionals, tbl format lines, ...) are dropped.
 */
public final class RoffText {
  private RoffText() {}

  /** man(7) and mdoc(7) macros whose arguments are text to keep. */
  private static final Set<String> TEXT_MACROS = Set.of(
      // man(7)
      "B", "I", "R", "BI", "BR", "IB", "IR", "RB", "RI", "SB", "SM", "SH", "SS", "TP", "IP", "TQ", "OP", "SY", "UR", "MT",
      // mdoc(7)
      "Nm", "Nd", "Fn", "Fa", "Ft", "Fo", "Fd", "Fl", "Ar", "Op", "Oo", "Xr", "Va", "Vt", "Dv", "Er", "Ev", "Pa", "Cm", "Ic",
      "Li", "Sy", "Em", "Ql", "Dq", "Sq", "Pq", "Qq", "Sh", "Ss", "It", "Tn", "Lb", "In", "Cd", "Dl", "D1", "Ad", "An", "Aq",
      "Bq", "Brq", "Cx", "Dt", "Lk", "Mt", "Ms", "No", "Ns", "Ot", "Pf", "Ta", "Ux", "Bx", "At", "Fx", "Nx", "Ox", "Qo", "Do",
      "%A", "%T", "%B", "%J");

  /** Macro names that appear inside mdoc lines (".Fn strlcpy", ".It Fl a Ar file") and are not text. */
  private static final Pattern MDOC_TOKEN = Pattern.compile(
      "(?<=^|\\s)(?:Nm|Nd|Fn|Fa|Ft|Fo|Fc|Fl|Ar|Op|Oo|Oc|Xr|Va|Vt|Dv|Er|Ev|Pa|Cm|Ic|Li|Sy|Em|Ql|Dq|Sq|Pq|Qq|It|Tn|Lb|Cd|Ad|Aq|"
          + "Bq|Brq|Cx|Lk|Mt|Ms|Ns|Pf|Ta|Qo|Qc|Do|Dc|Po|Pc|Bo|Bc|Xo|Xc|Sx)(?=\\s|$)");

  private static final Pattern COMMENT = Pattern.compile("\\\\[\"#].*$");
  private static final Pattern FONT = Pattern.compile("\\\\f(?:\\[[^\\]]*\\]|\\(..|.)");
  private static final Pattern SIZE = Pattern.compile("\\\\s(?:\\[[^\\]]*\\]|\\([0-9]{2}|[+-]?[0-9]+)?");
  private static final Pattern ARG_ESCAPE = Pattern.compile("\\\\[hvlLwXDZboSHNRAx]'[^']*'");
  private static final Pattern STRING = Pattern.compile("\\\\\\*(?:\\[([^\\]]*)\\]|\\((..)|(.))");
  private static final Pattern REGISTER = Pattern.compile("\\\\n[+-]?(?:\\[[^\\]]*\\]|\\(..|.)");
  private static final Pattern SPECIAL = Pattern.compile("\\\\(?:\\(([^\\s]{2})|\\[([^\\]\\s]*)\\])");
  private static final Pattern OTHER_ESCAPE = Pattern.compile("\\\\(.)");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** True for a page that only redirects to another (".so man3/other.3"): it has no text of its own. */
  public static boolean isRedirect(String roff) {
    for (String line : roff.split("\n", 50)) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith(".\\\"") || t.startsWith("'\\\"")) continue;
      return t.startsWith(".so ") || t.startsWith(".so\t");
    }
    return false;
  }

  /** The text of {@code roff}, words separated by single spaces. */
  public static String toText(String roff) {
    StringBuilder out = new StringBuilder(roff.length());
    String[] lines = roff.split("\n", -1);
    String skipUntil = null; // end marker of a block being skipped
    boolean tblFormat = false;
    for (String raw : lines) {
      String line = raw;
      if (skipUntil != null) {
        if (skipUntil.equals("..") ? line.strip().equals("..") : line.contains(skipUntil)) skipUntil = null;
        continue;
      }
      if (tblFormat) { // tbl: options (ending in ;) and format lines up to the one ending in '.'
        if (line.strip().endsWith(".")) tblFormat = false;
        continue;
      }
      if (line.startsWith(".") || line.startsWith("'")) {
        String body = line.substring(1).stripLeading();
        if (body.startsWith("\\\"") || body.startsWith("\\#")) continue;
        int sp = 0;
        while (sp < body.length() && !Character.isWhitespace(body.charAt(sp))) sp++;
        String name = body.substring(0, sp);
        String args = body.substring(sp).strip();
        if (name.equals("de") || name.equals("de1") || name.equals("am") || name.equals("ig")) {
          skipUntil = "..";
          continue;
        }
        if (name.startsWith("if") || name.startsWith("ie") || name.startsWith("el")) {
          if (line.contains("\\{") && !line.contains("\\}")) skipUntil = "\\}";
          continue;
        }
        if (name.equals("TS")) {
          tblFormat = true;
          continue;
        }
        if (!TEXT_MACROS.contains(name)) continue;
        line = MDOC_TOKEN.matcher(args.replace("\"", " ")).replaceAll(" ");
      }
      line = COMMENT.matcher(line).replaceAll("");
      if (line.startsWith("T{") || line.startsWith("T}")) line = line.substring(2);
      out.append(unescape(line)).append('\n');
    }
    return SPACES.matcher(out).replaceAll(" ").strip();
  }

  static String unescape(String line) {
    if (line.indexOf('\\') < 0) return line;
    String s = line.replace("\\\\", "\u0000"); // a literal backslash, restored at the end
    s = FONT.matcher(s).replaceAll("");
    s = SIZE.matcher(s).replaceAll("");
    s = ARG_ESCAPE.matcher(s).replaceAll("");
    s = REGISTER.matcher(s).replaceAll("");
    s = replace(STRING.matcher(s), m -> {
      String n = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      return switch (n) {
        case "lq", "rq", "L\"", "R\"", "Lq", "Rq" -> "\"";
        case "R" -> "(R)";
        case "Tm" -> "(TM)";
        default -> "";
      };
    });
    s = replace(SPECIAL.matcher(s), m -> {
      String n = m.group(1) != null ? m.group(1) : m.group(2);
      return switch (n) {
        case "aq", "cq", "oq", "fm" -> "'";
        case "dq", "lq", "rq", "Lq", "Rq" -> "\"";
        case "em", "en", "hy", "mi", "--", "bu" -> " - ";
        case "ti", "a~" -> "~";
        case "ha", "a^" -> "^";
        case "rs" -> "\\";
        case "ga" -> "`";
        case "co" -> "(C)";
        case "rg" -> "(R)";
        case "mu" -> "x";
        case "<=" -> "<=";
        case ">=" -> ">=";
        case "->" -> "->";
        default -> " ";
      };
    });
    s = replace(OTHER_ESCAPE.matcher(s), m -> switch (m.group(1)) {
      case "-" -> "-";
      case "e" -> "\\";
      case " ", "~", "0", "t" -> " ";
      case "'" -> "'";
      case "`" -> "`";
      case "." -> ".";
      default -> ""; // \& \| \^ \% \c \: \) \{ \} \k...
    });
    return s.replace('\u0000', '\\');
  }

  private static String replace(Matcher m, java.util.function.Function<Matcher, String> f) {
    StringBuilder b = new StringBuilder();
    while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(f.apply(m)));
    m.appendTail(b);
    return b.toString();
  }
}

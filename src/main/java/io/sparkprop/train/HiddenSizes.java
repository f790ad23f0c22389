package io.sparkprop.train;

/** --hidden as text: comma-separated positive sizes, or "none" for no hidden layer. */
public final class HiddenSizes {
  private HiddenSizes() {}

  public static int[] parse(String text) {
    String t = text.trim();
    if (t.isEmpty() || t.equalsIgnoreCase("none")) return new int[0];
    String[] parts = t.split(",");
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        sizes[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--hidden: '" + parts[i].trim() + "' is not a layer size (expected e.g. 256,128 or none)");
      }
      if (sizes[i] < 1) throw new IllegalArgumentException("--hidden: a hidden layer needs at least 1 unit, got " + sizes[i]);
    }
    return sizes;
  }

  /** What {@link #parse} reads back: "256,128", or "none". */
  public static String format(int[] sizes) {
    if (sizes.length == 0) return "none";
    StringBuilder b = new StringBuilder();
    for (int s : sizes) b.append(b.length() == 0 ? "" : ",").append(s);
    return b.toString();
  }
}

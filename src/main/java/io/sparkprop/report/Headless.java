package io.sparkprop.report;

/** Charts are drawn off-screen: servers and cluster drivers have no display. */
final class Headless {
  private Headless() {}

  static void ensure() {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
  }
}

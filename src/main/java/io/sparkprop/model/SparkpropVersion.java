package io.sparkprop.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, from the Maven descriptor that maven-jar-plugin puts into the jar. */
public final class SparkpropVersion {
  private static final String DESCRIPTOR = "/META-INF/maven/io.sparkprop/sparkprop/pom.properties";
  /** Running from target/classes (tests, IDE) there is no jar and so no descriptor. */
  static final String UNPACKAGED = "dev";

  private static final String CURRENT = read();

  private SparkpropVersion() {}

  public static String current() { return CURRENT; }

  private static String read() {
    try (InputStream in = SparkpropVersion.class.getResourceAsStream(DESCRIPTOR)) {
      if (in == null) return UNPACKAGED;
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", UNPACKAGED);
    } catch (IOException e) {
      return UNPACKAGED;
    }
  }
}

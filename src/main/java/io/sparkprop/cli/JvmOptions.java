package io.sparkprop.cli;

import org.apache.spark.launcher.JavaModuleOptions;

/** Prints the JVM flags Spark's launcher adds on this Java, for scripts that start Spark JVMs by hand. */
public final class JvmOptions {
  private JvmOptions() {}

  public static void main(String[] args) {
    System.out.println(JavaModuleOptions.defaultModuleOptions());
  }
}

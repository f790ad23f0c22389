package io.sparkprop.ml;

import org.apache.spark.ml.util.Identifiable$;

/**
 * Hands a uid to a Java subclass of a Spark ML class while its Scala superclass is being built.
 *
 * <p>Spark's Scala params (featuresCol, labelCol, ...) are created in the superclass constructor and
 * ask for {@code uid()} right then, before a Java constructor can assign a field. Scala classes take
 * the uid as a constructor parameter, which Scala assigns before the super call; Java cannot. So the
 * Java constructor parks the uid here first, and {@code uid()} takes it on its first call.
 */
final class ConstructionUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private ConstructionUid() {}

  /** Parks {@code uid} for the constructor about to run on this thread; returns a token for a private constructor. */
  static Token park(String uid) {
    PENDING.set(uid);
    return Token.INSTANCE;
  }

  /** The parked uid (clearing it), or a fresh random one with {@code prefix}. */
  static String take(String prefix) {
    String uid = PENDING.get();
    PENDING.remove();
    return uid != null ? uid : Identifiable$.MODULE$.randomUID(prefix);
  }

  /** Marks the private constructor that expects a parked uid. */
  enum Token { INSTANCE }
}

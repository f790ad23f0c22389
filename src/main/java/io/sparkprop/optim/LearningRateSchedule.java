package io.sparkprop.optim;

import java.io.Serializable;
import java.util.Locale;

/**
 * The learning rate of each step: constant, step decay (times {@code decayRate} every
 * {@code decaySteps}) or cosine (from the base rate down to {@code minRate} at {@code totalSteps}),
 * after an optional linear warm-up from base/warmup to base over {@code warmupSteps}.
 */
public record LearningRateSchedule(Kind kind, double base, long warmupSteps, long decaySteps, double decayRate,
    double minRate, long totalSteps) implements Serializable {

  public enum Kind {
    CONSTANT, STEP, COSINE;

    public static Kind parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT).trim()) {
        case "constant" -> CONSTANT;
        case "step" -> STEP;
        case "cosine" -> COSINE;
        default -> throw new IllegalArgumentException("unknown schedule '" + name + "' (expected constant, step or cosine)");
      };
    }

    public String cliName() { return name().toLowerCase(Locale.ROOT); }
  }

  public LearningRateSchedule {
    if (warmupSteps < 0) throw new IllegalArgumentException("warm-up must be non-negative, got " + warmupSteps);
    if (kind == Kind.STEP && decaySteps < 1) throw new IllegalArgumentException("step decay needs a positive decay interval, got " + decaySteps);
    if (kind == Kind.STEP && !(decayRate > 0 && decayRate <= 1))
      throw new IllegalArgumentException("decay rate must be in (0, 1], got " + decayRate);
    if (!(minRate >= 0 && minRate <= base)) throw new IllegalArgumentException("minimum learning rate must be in [0, " + base + "], got " + minRate);
  }

  public static LearningRateSchedule constant(double rate) {
    return new LearningRateSchedule(Kind.CONSTANT, rate, 0, 1, 1, 0, 1);
  }

  /** The rate of 0-based step {@code step}. */
  public double rate(long step) {
    if (step < warmupSteps) return base * (step + 1) / (warmupSteps + 1);
    long t = step - warmupSteps;
    return switch (kind) {
      case CONSTANT -> base;
      case STEP -> base * Math.pow(decayRate, t / decaySteps);
      case COSINE -> {
        long span = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) t / span);
        yield minRate + 0.5 * (base - minRate) * (1 + Math.cos(Math.PI * progress));
      }
    };
  }

  /**
   * A schedule as the user states it, in epochs where that is natural; {@link #resolve} turns it into
   * steps once the number of steps per epoch is known. Warm-up is {@code warmupSteps} if positive,
   * else {@code warmupEpochs}.
   */
  public record Config(Kind kind, long warmupSteps, double warmupEpochs, double decayEpochs, double decayRate, double minLearningRate)
      implements Serializable {
    /** A constant rate; the step and cosine knobs as the command line's defaults, for when the kind alone changes. */
    public static final Config DEFAULT = new Config(Kind.CONSTANT, 0, 0, 10, 0.1, 0);

    public Config {
      if (warmupSteps < 0 || !(warmupEpochs >= 0)) throw new IllegalArgumentException("warm-up must be non-negative");
      if (!(decayEpochs > 0)) throw new IllegalArgumentException("decay interval must be positive, got " + decayEpochs);
    }

    public LearningRateSchedule resolve(double base, int stepsPerEpoch, int epochs) {
      long warmup = warmupSteps > 0 ? warmupSteps : Math.round(warmupEpochs * stepsPerEpoch);
      long decay = Math.max(1, Math.round(decayEpochs * stepsPerEpoch));
      return new LearningRateSchedule(kind, base, warmup, decay, decayRate, Math.min(minLearningRate, base), (long) stepsPerEpoch * epochs);
    }
  }
}

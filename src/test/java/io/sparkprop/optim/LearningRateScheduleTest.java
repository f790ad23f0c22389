package io.sparkprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  @Test
  void constantStaysAtTheBaseRate() {
    LearningRateSchedule s = LearningRateSchedule.constant(0.1);
    assertEquals(0.1, s.rate(0));
    assertEquals(0.1, s.rate(1_000_000));
  }

  @Test
  void warmUpRisesLinearlyToTheBaseRate() {
    LearningRateSchedule s = new LearningRateSchedule.Config(LearningRateSchedule.Kind.CONSTANT, 4, 0, 1, 1, 0).resolve(1.0, 10, 5);
    assertEquals(0.2, s.rate(0), 1e-15);
    assertEquals(0.8, s.rate(3), 1e-15);
    assertEquals(1.0, s.rate(4), 1e-15);
  }

  @Test
  void warmUpInEpochsCountsStepsPerEpoch() {
    LearningRateSchedule s = new LearningRateSchedule.Config(LearningRateSchedule.Kind.CONSTANT, 0, 1.5, 1, 1, 0).resolve(1.0, 10, 5);
    assertEquals(15, s.warmupSteps());
  }

  @Test
  void stepDecayMultipliesEveryInterval() {
    LearningRateSchedule s = new LearningRateSchedule.Config(LearningRateSchedule.Kind.STEP, 0, 0, 2, 0.5, 0).resolve(1.0, 10, 10);
    assertEquals(1.0, s.rate(19));
    assertEquals(0.5, s.rate(20));
    assertEquals(0.25, s.rate(45));
  }

  @Test
  void cosineFallsFromTheBaseToTheMinimumAtTheLastStep() {
    LearningRateSchedule s = new LearningRateSchedule.Config(LearningRateSchedule.Kind.COSINE, 10, 0, 1, 1, 0.01).resolve(1.0, 10, 11);
    assertEquals(1.0, s.rate(10), 1e-15);
    assertEquals(0.505, s.rate(60), 1e-12);
    assertEquals(0.01, s.rate(110), 1e-12);
    assertEquals(0.01, s.rate(500), 1e-12);
  }

  @Test
  void unknownKindIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.Kind.parse("linear"));
  }
}

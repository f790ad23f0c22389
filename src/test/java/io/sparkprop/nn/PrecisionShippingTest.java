package io.sparkprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** A precision sent to an executor keeps the layout the driver packed parameters in, whatever BLAS the executor has. */
class PrecisionShippingTest {
  private static final NetworkSpec SPEC = NetworkSpec.of(784, new int[] {128, 64}, 10, Activation.RELU);

  @SuppressWarnings("unchecked")
  private static <T> T shipped(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void aDriverWithTheOtherBlasKeepsItsHiddenWidthsOnTheExecutor() throws Exception {
    int here = ((SinglePrecision) Precision.SINGLE).layout(SPEC).fanOut(0) == 128 ? 1 : 3;
    SinglePrecision otherDriver = new SinglePrecision(here == 1 ? 3 : 1);
    Precision<float[]> onExecutor = shipped(otherDriver);
    assertArrayEquals(otherDriver.layout(SPEC).sizes(), ((SinglePrecision) onExecutor).layout(SPEC).sizes());
  }

  @Test
  void aDriverWithTheSameBlasResolvesToTheSingleton() throws Exception {
    assertSame(Precision.SINGLE, shipped(Precision.SINGLE));
    assertSame(Precision.DOUBLE, shipped(Precision.DOUBLE));
  }
}

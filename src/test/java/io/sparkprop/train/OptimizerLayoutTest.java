package io.sparkprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.ParameterLayout;
import io.sparkprop.optim.ParameterLayout.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The update rules see the network's flat vector as its tensors: each layer's weight matrix, then its bias vector. */
class OptimizerLayoutTest {
  @Test
  void eachLayerIsItsWeightMatrixThenItsBiasVector() {
    NetworkSpec spec = NetworkSpec.of(3, new int[] {4}, 2, Activation.RELU);
    ParameterLayout layout = Trainer.layout(spec);
    assertEquals(List.of(new Tensor(0, 12, false), new Tensor(12, 4, true), new Tensor(16, 8, false), new Tensor(24, 2, true)),
        layout.tensors());
    assertEquals(spec.numParameters(), layout.numParameters());
  }

  @Test
  void tensorsThatDoNotTileTheVectorAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ParameterLayout(List.of(new Tensor(0, 4, false), new Tensor(5, 2, true))));
    assertThrows(IllegalArgumentException.class, () -> new ParameterLayout(List.of(new Tensor(1, 4, false))));
  }
}

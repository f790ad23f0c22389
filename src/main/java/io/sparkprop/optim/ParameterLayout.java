package io.sparkprop.optim;

import java.io.Serializable;
import java.util.List;

/**
 * Where each tensor sits in the flat parameter vector: its offset, its size and whether it is a bias.
 * The tensors tile the vector in order, from 0 to {@link #numParameters()}. Rules that treat tensors
 * apart read it: decoupled weight decay skips the biases, and the layer-wise rules (lamb, lars) take
 * one trust ratio per weight tensor. The network lays the vector out (train builds this from
 * nn.NetworkSpec); optim knows no network.
 */
public record ParameterLayout(List<Tensor> tensors) implements Serializable {
  /** Entries {@code [offset, offset + size)}: a layer's weight matrix, or its bias vector. */
  public record Tensor(int offset, int size, boolean bias) implements Serializable {
    public Tensor {
      if (offset < 0 || size < 1) throw new IllegalArgumentException("a tensor needs offset >= 0 and size >= 1, got " + offset + ", " + size);
    }

    public int end() { return offset + size; }

    /** The Euclidean norm of this tensor's entries of {@code vector}, summed in index order. */
    public double norm(double[] vector) {
      double sum = 0;
      for (int i = offset; i < end(); i++) sum += vector[i] * vector[i];
      return Math.sqrt(sum);
    }
  }

  public ParameterLayout {
    tensors = List.copyOf(tensors);
    int next = 0;
    for (Tensor t : tensors) {
      if (t.offset() != next) throw new IllegalArgumentException("tensors must tile the vector in order: one starts at " + t.offset() + ", expected " + next);
      next = Math.addExact(t.offset(), t.size());
    }
  }

  public int numParameters() { return tensors.isEmpty() ? 0 : tensors.get(tensors.size() - 1).end(); }
}

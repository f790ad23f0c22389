package io.sparkprop.optim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * lbfgs-reference.txt: what the pre-adapter Lbfgs (commit bd61ce1) did on {@link LbfgsProblems}, call
 * by call, and its state() part way through each run, as it would have been checkpointed.
 *
 * <p>{@link #main} wrote it with that Lbfgs on the classpath (it uses only Lbfgs's public API, so
 * it compiles against either version); run against today's Lbfgs, its output differs from the
 * file in the state blocks' layout only, every call line being the same to the bit.
 */
final class LbfgsReference {
  static final long HASH_SEED = 0xcbf29ce484222325L;
  /** After how many calls each run's state is saved. */
  private static final Map<String, Integer> SAVE_AFTER = Map.of("rosenbrock", 7, "quadratic", 5, "softmax", 9, "wrong-gradient", 1);

  /** One iterate call: iterations() after it, objective evaluations, hash of the points, returned value, x after. */
  record Call(long steps, int evaluations, long points, double value, double[] x) {}

  /** The state after {@code calls} iterate calls. */
  record SavedState(int calls, OptimizerState state) {}

  record Run(String problem, int history, List<Call> calls, SavedState saved) {}

  /** FNV-1a over the raw bits of each coordinate: equal hashes mean (almost surely) the same points in the same order. */
  static long hash(long h, double[] point) {
    for (double v : point) {
      long bits = Double.doubleToRawLongBits(v);
      for (int i = 0; i < 8; i++) {
        h ^= (bits >>> (8 * i)) & 0xff;
        h *= 0x100000001b3L;
      }
    }
    return h;
  }

  static Map<String, Run> load() {
    Map<String, Run> runs = new LinkedHashMap<>();
    try (InputStream in = LbfgsReference.class.getResourceAsStream("lbfgs-reference.txt")) {
      if (in == null) throw new IllegalStateException("lbfgs-reference.txt is not on the test classpath");
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String problem = null;
      int history = 0;
      List<Call> calls = null;
      SavedState saved = null;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] t = line.split(" ");
        switch (t[0]) {
          case "#" -> { }
          case "run" -> {
            if (problem != null) runs.put(problem, new Run(problem, history, calls, saved));
            problem = t[1];
            history = Integer.parseInt(t[3]);
            calls = new ArrayList<>();
            saved = null;
          }
          case "call" -> calls.add(new Call(Long.parseLong(t[3]), Integer.parseInt(t[5]), Long.parseUnsignedLong(t[7], 16),
              Double.parseDouble(t[9]), doubles(t, 11)));
          case "state" -> {
            int at = Integer.parseInt(t[3]);
            String optimizer = t[5];
            long steps = Long.parseLong(t[7]);
            Map<String, double[]> buffers = new LinkedHashMap<>();
            for (String b = r.readLine(); !b.equals("end"); b = r.readLine()) {
              String[] bt = b.split(" ");
              buffers.put(bt[1], doubles(bt, 2));
            }
            saved = new SavedState(at, new OptimizerState(optimizer, steps, buffers));
          }
          default -> throw new IllegalStateException("unexpected line in lbfgs-reference.txt: " + line);
        }
      }
      if (problem != null) runs.put(problem, new Run(problem, history, calls, saved));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return runs;
  }

  /** Writes the reference for the Lbfgs on the classpath to the file {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
      w.println("# Iterates of io.sparkprop.optim.Lbfgs as of commit bd61ce1 (Breeze 2.1.0 LBFGS driven through a");
      w.println("# rebuilt FirstOrderMinimizer.State and the ASM-generated BreezeDiffFunction) on LbfgsProblems.");
      w.println("# Doubles are Double.toHexString (exact). 'points' is a hash of every point the objective was");
      w.println("# evaluated at in that call, in order (see LbfgsReference.hash). 'state' blocks are that Lbfgs's");
      w.println("# state() after the given number of iterate calls, buffer by buffer: the pre-adapter checkpoint format.");
      for (LbfgsProblems.Problem p : LbfgsProblems.all()) {
        w.println("run " + p.name() + " history " + p.history() + " calls " + p.iterations());
        Lbfgs lbfgs = new Lbfgs(p.n(), p.history());
        double[] x = p.start().clone();
        for (int call = 1; call <= p.iterations(); call++) {
          long[] hash = {HASH_SEED};
          int[] evaluations = {0};
          Lbfgs.Objective counted = (point, g) -> {
            evaluations[0]++;
            hash[0] = hash(hash[0], point);
            return p.objective().valueAndGradient(point, g);
          };
          double value = lbfgs.iterate(x, counted);
          w.println("call " + call + " steps " + lbfgs.iterations() + " evaluations " + evaluations[0] + " points "
              + Long.toHexString(hash[0]) + " value " + Double.toHexString(value) + " x" + hex(x));
          if (SAVE_AFTER.get(p.name()) == call) {
            OptimizerState s = lbfgs.state();
            w.println("state " + p.name() + " calls " + call + " optimizer " + s.optimizer() + " steps " + s.steps());
            s.buffers().forEach((name, b) -> w.println("buffer " + name + hex(b)));
            w.println("end");
          }
        }
      }
    }
  }

  private static String hex(double[] values) {
    StringBuilder out = new StringBuilder();
    for (double v : values) out.append(' ').append(Double.toHexString(v));
    return out.toString();
  }

  private static double[] doubles(String[] tokens, int from) {
    double[] out = new double[tokens.length - from];
    for (int i = 0; i < out.length; i++) out[i] = Double.parseDouble(tokens[from + i]);
    return out;
  }
}

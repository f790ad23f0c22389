package io.sparkprop.train;

import io.sparkprop.nn.Activation;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.OptimizerConfig;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A config as text, derived from its record components so that no setting can be left out: each
 * component by its snake_case name, nested records flattened. A rule's or a schedule's kind is
 * named by its group ({@code optimizer = adam}, {@code schedule = cosine}).
 */
final class ConfigText {
  private ConfigText() {}

  static Map<String, String> of(Record config) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten(config, out);
    return out;
  }

  private static void flatten(Record r, Map<String, String> out) {
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + r, e);
      }
      String key = snakeCase(c.getName());
      if (value instanceof OptimizerConfig o) out.put(key, o.name());
      if (value instanceof Record nested) flatten(nested, out);
      else out.put(key.equals("kind") ? "schedule" : key, text(value));
    }
  }

  private static String text(Object value) {
    if (value instanceof int[] a) return Arrays.toString(a);
    if (value instanceof Activation a) return a.cliName();
    if (value instanceof LearningRateSchedule.Kind k) return k.cliName();
    if (value instanceof Precision<?> p) return p.cliName();
    return String.valueOf(value);
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}

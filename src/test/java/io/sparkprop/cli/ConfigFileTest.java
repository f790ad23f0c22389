package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path tmp;

  @Test
  void aConfigFileOverridesOnlyTheKeysItNames() throws Exception {
    Path conf = tmp.resolve("partial.properties");
    Files.writeString(conf, "epochs = 7\ntrain.learning-rate = 0.03\n");
    CliRunner.Outcome r = CliRunner.run("--config", conf.toString(), "train", "--help");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("(default: 7)"), "epochs from the file:\n" + r.out());
    assertTrue(r.out().contains("(default: 0.03)"), "command-qualified key from the file:\n" + r.out());
    assertTrue(!r.out().contains("default: null"), "every other option keeps its packaged default:\n" + r.out());
    assertTrue(r.out().contains("(default: relu)"), "activation still from the packaged defaults:\n" + r.out());
  }
}

package io.sparkprop.model;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.LabelMapping;
import io.sparkprop.nn.NetworkSpec;

/** What model.json says: everything but the parameters themselves, which live in parameters.bin. */
record ModelManifest(NetworkSpec spec, FeatureScaler scaler, LabelMapping labels, Provenance provenance,
                     int parameterCount, long parametersCrc32) {}

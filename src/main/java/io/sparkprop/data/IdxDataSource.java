package io.sparkprop.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * MNIST-style IDX files, gzipped or not: the images file (idx3) and, next to it, the labels file
 * (idx1) of the same name with {@code images-idx3} replaced by {@code labels-idx1}. The driver reads
 * only the headers; partition p of P opens both files itself and decodes records [p*n/P, (p+1)*n/P).
 * Features are the raw pixel values 0..255.
 */
final class IdxDataSource implements DataSource {
  private static final long serialVersionUID = 1L;

  private final String imagesPath;

  IdxDataSource(String imagesPath) {
    this.imagesPath = imagesPath;
  }

  /** The labels file that goes with an images file. */
  static String labelsPathFor(String imagesPath) {
    int slash = imagesPath.lastIndexOf('/');
    String name = imagesPath.substring(slash + 1);
    if (!name.contains("images-idx3"))
      throw new DataException(imagesPath, 0, "an IDX images file name must contain 'images-idx3' (to find its labels file)");
    return imagesPath.substring(0, slash + 1) + name.replace("images-idx3", "labels-idx1");
  }

  @Override public String describe() { return imagesPath; }

  @Override public FeatureScaler.Kind defaultScaling() { return FeatureScaler.Kind.DIVIDE; }

  @Override
  public JavaRDD<LabeledPoint> read(JavaSparkContext sc, Expectations expect, int minPartitions) {
    Configuration conf = sc.hadoopConfiguration();
    FileStatus images = single(conf, imagesPath);
    String labelsPath = labelsPathFor(imagesPath);
    FileStatus labels;
    try {
      labels = single(conf, labelsPath);
    } catch (DataException e) {
      throw new DataException(imagesPath, 0, "its labels file " + labelsPath + " is missing or empty");
    }
    IdxHeader imagesHeader = IdxHeader.read(conf, images.getPath(), imagesPath, IdxHeader.IMAGES_MAGIC);
    IdxHeader labelsHeader = IdxHeader.read(conf, labels.getPath(), labelsPath, IdxHeader.LABELS_MAGIC);
    int n = imagesHeader.count();
    if (labelsHeader.count() != n)
      throw new DataException(imagesPath, 0, n + " images but " + labelsPath + " has " + labelsHeader.count() + " labels");
    if (n == 0) throw new DataException(imagesPath, 0, "no rows");
    if (expect.knowsFeatures() && imagesHeader.recordBytes() != expect.features())
      throw new DataException(imagesPath, 0, "images have " + imagesHeader.recordBytes() + " pixels, the model expects "
          + expect.features() + " features");
    // Uncompressed files can be checked for truncation here, from their lengths; gzip only by reading.
    if (!HadoopFiles.isCompressed(conf, images.getPath()))
      requireComplete(imagesPath, images.getLen(), imagesHeader, "images");
    if (!HadoopFiles.isCompressed(conf, labels.getPath()))
      requireComplete(labelsPath, labels.getLen(), labelsHeader, "labels");

    int partitions = Math.max(1, Math.min(n, minPartitions));
    List<Integer> partitionIds = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) partitionIds.add(p);
    // Broadcast, not captured: a captured configuration is re-serialized into every job that reads the
    // cached blocks downstream, and parsing its XML again slows every training step (docs/benchmarks.md).
    org.apache.spark.broadcast.Broadcast<HadoopFiles.Conf> shipped = sc.broadcast(new HadoopFiles.Conf(conf));
    String imagesUri = images.getPath().toString();
    String labelsUri = labels.getPath().toString();
    String shownImages = imagesPath;
    return sc.parallelize(partitionIds, partitions).mapPartitions(ids -> {
      int p = ids.next();
      long from = (long) p * n / partitions;
      long to = (long) (p + 1) * n / partitions;
      return new Records(shipped.value().get(), new Path(imagesUri), shownImages, imagesHeader,
          new Path(labelsUri), labelsPath, labelsHeader, from, to, expect);
    }, true);
  }

  private static FileStatus single(Configuration conf, String path) {
    List<FileStatus> files = HadoopFiles.dataFiles(conf, path);
    if (files.size() != 1 || !files.get(0).getPath().getName().equals(new Path(path).getName()))
      throw new DataException(path, 0, "an IDX data set is one images file, not a folder");
    return files.get(0);
  }

  private static void requireComplete(String shown, long length, IdxHeader header, String what) {
    long complete = (length - header.bytes()) / header.recordBytes();
    if (complete < header.count())
      throw new DataException(shown, 0, "file ends after " + complete + " of " + header.count() + " " + what);
  }

  /** Decodes records [from, to) of both files, in step; closes them at the end or when the task ends. */
  private static final class Records implements Iterator<LabeledPoint> {
    private final DataInputStream images;
    private final DataInputStream labels;
    private final String shownImages;
    private final String shownLabels;
    private final IdxHeader imagesHeader;
    private final IdxHeader labelsHeader;
    private final Expectations expect;
    private final byte[] pixels;
    private long index;
    private final long to;
    private boolean closed;

    Records(Configuration conf, Path imagesFile, String shownImages, IdxHeader imagesHeader,
        Path labelsFile, String shownLabels, IdxHeader labelsHeader, long from, long to, Expectations expect) throws IOException {
      this.shownImages = shownImages;
      this.shownLabels = shownLabels;
      this.imagesHeader = imagesHeader;
      this.labelsHeader = labelsHeader;
      this.expect = expect;
      this.pixels = new byte[imagesHeader.recordBytes()];
      this.index = from;
      this.to = to;
      this.images = openAt(conf, imagesFile, imagesHeader, from, shownImages, "images");
      try {
        this.labels = openAt(conf, labelsFile, labelsHeader, from, shownLabels, "labels");
      } catch (IOException | RuntimeException e) {
        images.close();
        throw e;
      }
      TaskContext task = TaskContext.get();
      if (task != null) task.addTaskCompletionListener((TaskCompletionListener) context -> close());
    }

    private static DataInputStream openAt(Configuration conf, Path file, IdxHeader header, long record,
        String shown, String what) throws IOException {
      InputStream in = HadoopFiles.open(conf, file, shown);
      long wanted = header.bytes() + record * header.recordBytes();
      long got = IdxHeader.skip(in, wanted);
      if (got < wanted) {
        in.close();
        throw truncated(shown, (got - header.bytes()) / header.recordBytes(), header, what);
      }
      return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }

    private static DataException truncated(String shown, long complete, IdxHeader header, String what) {
      return new DataException(shown, 0, "file ends after " + Math.max(0, complete) + " of " + header.count() + " " + what);
    }

    @Override public boolean hasNext() {
      if (index < to) return true;
      // The last partition reads on to the files' ends, so that a compressed file's trailer is
      // read and its checksum checked: a bad one is a DataException naming the file.
      if (!closed && to == imagesHeader.count()) {
        readToEnd(images);
        readToEnd(labels);
      }
      close();
      return false;
    }

    private static void readToEnd(InputStream in) {
      byte[] buffer = new byte[1 << 13];
      try {
        while (in.read(buffer) >= 0) {
          // the records are read; what follows only has to decompress cleanly
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);  // not the file's fault: its read failures are DataExceptions (HadoopFiles.open)
      }
    }

    @Override public LabeledPoint next() {
      if (!hasNext()) throw new NoSuchElementException();
      try {
        try {
          images.readFully(pixels);
        } catch (EOFException e) {
          throw truncated(shownImages, index, imagesHeader, "images");
        }
        int label = labels.read();
        if (label < 0) throw truncated(shownLabels, index, labelsHeader, "labels");
        String problem = Labels.problem(label, expect);
        if (problem != null) throw DataException.atRecord(shownLabels, index + 1, problem);
        double[] features = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) features[i] = pixels[i] & 0xFF;
        index++;
        return new LabeledPoint(Labels.classOf(label, expect), Vectors.dense(features));
      } catch (IOException e) {
        throw new DataException(shownImages, 0, "cannot read: " + e.getMessage());
      }
    }

    private void close() {
      if (closed) return;
      closed = true;
      try {
        images.close();
        labels.close();
      } catch (IOException ignored) {
        // read-only streams: nothing is lost
      }
    }
  }
}

package io.sparkprop.optim;

import breeze.linalg.DenseVector;
import breeze.optimize.CachedDiffFunction;
import breeze.optimize.DiffFunction;
import java.lang.invoke.MethodHandles;
import java.util.function.Function;
import org.apache.xbean.asm9.ClassWriter;
import org.apache.xbean.asm9.MethodVisitor;
import org.apache.xbean.asm9.Opcodes;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * A Breeze {@code DiffFunction} whose {@code calculate} is a Java function.
 *
 * <p>javac cannot implement or extend Breeze's DiffFunction: the Scala trait declares both
 * Function1's {@code Object apply(T)} and its own {@code double apply(T)}, which only scalac's
 * bridge methods reconcile (and a dynamic proxy refuses for the same reason). So this generates,
 * once, a tiny subclass of Breeze's concrete {@link CachedDiffFunction} that overrides
 * {@code calculate} to call a {@link Function}, with the ASM that Spark already ships (xbean-asm9).
 */
final class BreezeDiffFunction {
  private BreezeDiffFunction() {}

  private static final String NAME = "io/sparkprop/optim/BreezeDiffFunction$Generated";
  private static final Class<?> GENERATED = define();

  /** The objective as Breeze sees it: {@code calculate(x)} returns (f(x), gradient). */
  @SuppressWarnings("unchecked")
  static DiffFunction<DenseVector<Object>> of(Function<DenseVector<Object>, Tuple2<Object, DenseVector<Object>>> calculate) {
    try {
      return (DiffFunction<DenseVector<Object>>) GENERATED
          .getConstructor(Function.class, breeze.linalg.support.CanCopy.class)
          .newInstance(calculate, DenseVector.canCopyDenseVector(ClassTag$.MODULE$.Double()));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate the Breeze objective adapter", e);
    }
  }

  private static Class<?> define() {
    String superName = "breeze/optimize/CachedDiffFunction";
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC, NAME, null, superName, null);
    cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "calculate", "Ljava/util/function/Function;", null, null).visitEnd();

    // public Generated(Function calculate, CanCopy copy) { super(null, copy); this.calculate = calculate; }
    MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Ljava/util/function/Function;Lbreeze/linalg/support/CanCopy;)V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitInsn(Opcodes.ACONST_NULL);
    init.visitVarInsn(Opcodes.ALOAD, 2);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "(Lbreeze/optimize/DiffFunction;Lbreeze/linalg/support/CanCopy;)V", false);
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitVarInsn(Opcodes.ALOAD, 1);
    init.visitFieldInsn(Opcodes.PUTFIELD, NAME, "calculate", "Ljava/util/function/Function;");
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();

    // public Tuple2 calculate(Object x) { return (Tuple2) this.calculate.apply(x); }
    MethodVisitor calc = cw.visitMethod(Opcodes.ACC_PUBLIC, "calculate", "(Ljava/lang/Object;)Lscala/Tuple2;", null, null);
    calc.visitCode();
    calc.visitVarInsn(Opcodes.ALOAD, 0);
    calc.visitFieldInsn(Opcodes.GETFIELD, NAME, "calculate", "Ljava/util/function/Function;");
    calc.visitVarInsn(Opcodes.ALOAD, 1);
    calc.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/Function", "apply", "(Ljava/lang/Object;)Ljava/lang/Object;", true);
    calc.visitTypeInsn(Opcodes.CHECKCAST, "scala/Tuple2");
    calc.visitInsn(Opcodes.ARETURN);
    calc.visitMaxs(0, 0);
    calc.visitEnd();
    cw.visitEnd();
    try {
      return MethodHandles.lookup().defineClass(cw.toByteArray());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot define the Breeze objective adapter", e);
    }
  }
}

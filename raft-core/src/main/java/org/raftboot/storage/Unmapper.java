package org.raftboot.storage;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Unmaps a file mapping at once, through {@code sun.misc.Unsafe.invokeCleaner} (as Lucene and Netty
 * do), instead of when the GC finds the buffer: until then the mapping holds the blocks of a file
 * deleted meanwhile. Where the JDK does not allow it, the GC still does it. The caller must not touch
 * the buffer, nor any view of it, afterwards.
 */
final class Unmapper {

	private static final @Nullable MethodHandle INVOKE_CLEANER = lookUp();

	private Unmapper() {
	}

	static void unmap(MappedByteBuffer buffer) {
		if (INVOKE_CLEANER != null) {
			try {
				INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
			}
			catch (Throwable ex) {
				// Left to the GC.
			}
		}
	}

	private static @Nullable MethodHandle lookUp() {
		try {
			Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
			Field field = unsafeClass.getDeclaredField("theUnsafe");
			field.setAccessible(true);
			return MethodHandles.lookup()
				.findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
				.bindTo(field.get(null));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}

package io.eventweave.agent;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * The direct supertypes of a class, read from its class file (JVMS §4.1: the constant pool, then {@code super_class}
 * and {@code interfaces}) without loading anything: what {@link TypeNameIndex} needs to follow a type hierarchy while
 * its classes are being loaded, before Byte Buddy is up. Names are internal ({@code java/util/concurrent/Executor}).
 */
final class ClassHeader {
    private ClassHeader() {
    }

    /**
     * Whether the superclass or one of the interfaces named in {@code classFile} is one of {@code names}, or null when
     * the bytes are not a class file this reader understands.
     */
    static Boolean extendsAnyOf(byte[] classFile, Predicate<String> names) {
        try {
            if (classFile.length < 10 || readInt(classFile, 0) != 0xCAFEBABE) {
                return null;
            }
            int count = readShort(classFile, 8);
            int[] offsets = new int[count];
            int p = 10;
            for (int i = 1; i < count; i++) {
                offsets[i] = p;
                int tag = classFile[p] & 0xFF;
                switch (tag) {
                    case 1: // Utf8
                        p += 3 + readShort(classFile, p + 1);
                        break;
                    case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                        p += 3;
                        break;
                    case 15: // MethodHandle
                        p += 4;
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        p += 5;
                        break;
                    case 5: case 6: // Long, Double: two entries
                        p += 9;
                        i++;
                        break;
                    default:
                        return null;
                }
            }
            int superClass = readShort(classFile, p + 4);
            if (superClass != 0 && names.test(className(classFile, offsets, superClass))) {
                return Boolean.TRUE;
            }
            int interfaces = readShort(classFile, p + 6);
            for (int i = 0; i < interfaces; i++) {
                if (names.test(className(classFile, offsets, readShort(classFile, p + 8 + 2 * i)))) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        } catch (ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** The name a {@code CONSTANT_Class} entry points to; modified UTF-8, decoded as such when not plain ASCII. */
    private static String className(byte[] b, int[] offsets, int classIndex) {
        int utf8 = offsets[readShort(b, offsets[classIndex] + 1)];
        int length = readShort(b, utf8 + 1);
        int start = utf8 + 3;
        for (int i = start; i < start + length; i++) {
            if (b[i] < 0) {
                return modifiedUtf8(b, start, length);
            }
        }
        return new String(b, start, length, StandardCharsets.ISO_8859_1);
    }

    private static String modifiedUtf8(byte[] b, int start, int length) {
        try {
            byte[] prefixed = new byte[length + 2];
            prefixed[0] = (byte) (length >>> 8);
            prefixed[1] = (byte) length;
            System.arraycopy(b, start, prefixed, 2, length);
            return new DataInputStream(new ByteArrayInputStream(prefixed)).readUTF();
        } catch (IOException e) {
            return new String(b, start, length, StandardCharsets.UTF_8);
        }
    }

    private static int readShort(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int p) {
        return (readShort(b, p) << 16) | readShort(b, p + 2);
    }
}

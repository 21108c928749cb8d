package io.eventweave.agent;

import java.util.Set;

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
    static Boolean extendsAnyOf(byte[] classFile, Set<String> names) {
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
            if (superClass != 0 && names.contains(className(classFile, offsets, superClass))) {
                return Boolean.TRUE;
            }
            int interfaces = readShort(classFile, p + 6);
            for (int i = 0; i < interfaces; i++) {
                if (names.contains(className(classFile, offsets, readShort(classFile, p + 8 + 2 * i)))) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        } catch (ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * The name a {@code CONSTANT_Class} entry points to, decoded from modified UTF-8 (JVMS §4.4.7) by hand: this runs
     * inside class loading, where touching a class not loaded yet (a charset, a stream) can be a circularity.
     */
    private static String className(byte[] b, int[] offsets, int classIndex) {
        int utf8 = offsets[readShort(b, offsets[classIndex] + 1)];
        int length = readShort(b, utf8 + 1);
        int p = utf8 + 3;
        int end = p + length;
        char[] chars = new char[length];
        int n = 0;
        while (p < end) {
            int c = b[p++] & 0xFF;
            if (c < 0x80) {
                chars[n++] = (char) c;
            } else if ((c & 0xE0) == 0xC0) {
                chars[n++] = (char) (((c & 0x1F) << 6) | (b[p++] & 0x3F));
            } else {
                chars[n++] = (char) (((c & 0x0F) << 12) | ((b[p] & 0x3F) << 6) | (b[p + 1] & 0x3F));
                p += 2;
            }
        }
        return new String(chars, 0, n);
    }

    private static int readShort(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int p) {
        return (readShort(b, p) << 16) | readShort(b, p + 2);
    }
}

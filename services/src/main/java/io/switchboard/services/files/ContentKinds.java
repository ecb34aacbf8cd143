package io.switchboard.services.files;

/**
 * Guesses a file extension from the first bytes of its content (its magic number), for naming
 * classic uploads that arrive without a name.
 *
 * <p>Thread-safe (stateless).
 */
final class ContentKinds {

    /** Bytes the guess looks at. */
    static final int HEAD_BYTES = 8;

    private ContentKinds() {
    }

    /** {@code jpg}, {@code png}, {@code gif}, {@code pdf}, {@code zip}, {@code gz}, or {@code bin}. */
    static String extensionOf(byte[] head, int length) {
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return "jpg";
        }
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "png";
        }
        if (startsWith(head, length, 'G', 'I', 'F', '8')) {
            return "gif";
        }
        if (startsWith(head, length, '%', 'P', 'D', 'F', '-')) {
            return "pdf";
        }
        if (startsWith(head, length, 'P', 'K', 3, 4)) {
            return "zip";
        }
        if (startsWith(head, length, 0x1F, 0x8B)) {
            return "gz";
        }
        return "bin";
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}

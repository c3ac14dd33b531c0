package fr.pairobs.lake;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

import com.github.luben.zstd.Zstd;

/**
 * Compression for Parquet pages without Hadoop's codec classes: ZSTD through zstd-jni, Snappy
 * through snappy-java. parquet-java's own factory instantiates Hadoop codecs, which are not on the
 * run-time class path.
 */
final class NoHadoopCodecFactory implements CompressionCodecFactory {
    private final int zstdLevel;

    NoHadoopCodecFactory(int zstdLevel) {
        this.zstdLevel = zstdLevel;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> new ZstdCompressor(codec, zstdLevel);
            case SNAPPY -> new Compressor(codec) {
                @Override
                byte[] compress(byte[] bytes) throws IOException {
                    return Snappy.compress(bytes);
                }
            };
            case UNCOMPRESSED -> new Compressor(codec) {
                @Override
                byte[] compress(byte[] bytes) {
                    return bytes;
                }
            };
            default -> throw new IllegalArgumentException("codec " + codec + " is not supported by the lake writer");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                byte[] input = bytes.toByteArray();
                return BytesInput.from(switch (codec) {
                    case ZSTD -> Zstd.decompress(input, uncompressedSize);
                    case SNAPPY -> Snappy.uncompress(input);
                    case UNCOMPRESSED -> input;
                    default -> throw new IOException("codec " + codec + " is not supported by the lake reader");
                });
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(decompress(BytesInput.from(in), uncompressedSize).toByteArray());
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }

    /**
     * One ZSTD context and one output buffer for all the pages of a part file: parquet-java copies each
     * compressed page before it asks for the next, so the buffer can be written over.
     */
    private static final class ZstdCompressor extends Compressor {
        private final com.github.luben.zstd.ZstdCompressCtx context;
        private byte[] out = new byte[0];

        ZstdCompressor(CompressionCodecName codec, int level) {
            super(codec);
            this.context = new com.github.luben.zstd.ZstdCompressCtx().setLevel(level);
        }

        @Override
        byte[] compress(byte[] bytes) {
            throw new UnsupportedOperationException("pages are compressed by compress(BytesInput)");
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] in = bytes.toByteArray();
            int bound = (int) Zstd.compressBound(in.length);
            if (out.length < bound) {
                out = new byte[bound];
            }
            int length = context.compressByteArray(out, 0, out.length, in, 0, in.length);
            return BytesInput.from(out, 0, length);
        }

        @Override
        public void release() {
            context.close();
        }
    }

    private abstract static class Compressor implements BytesInputCompressor {
        private final CompressionCodecName codec;

        Compressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        abstract byte[] compress(byte[] bytes) throws IOException;

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(compress(bytes.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
        }
    }
}

package dev.crashflow.model;

import java.io.Serializable;

/**
 * An entry of {@code debug_meta.images}: a native image (elf, macho, pe) with its debug id and
 * address range, or a JVM mapping file reference ({@code type=proguard}, {@code uuid}).
 */
public record DebugImage(
    String type,
    String debugId,
    String debugFile,
    String codeId,
    String codeFile,
    String imageAddr,
    Long imageSize,
    String arch,
    String uuid)
    implements Serializable {}

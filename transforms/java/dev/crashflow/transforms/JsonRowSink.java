package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.apache.beam.sdk.io.FileIO;

/**
 * A {@code FileIO} sink writing table rows as JSON lines, the local warehouse's format. Replaces
 * {@code TextIO.sink()} fed by a row-to-String step: rows go to UTF-8 bytes in one step ({@link
 * TableRowJson}), with no PrintWriter/encoder chain, and a failed write throws (PrintWriter kept
 * I/O errors to itself).
 */
public final class JsonRowSink implements FileIO.Sink<TableRow> {
  private transient LineFiles.Output out;
  private transient TableRowJson json;

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    out = LineFiles.open(Channels.newOutputStream(channel), false);
    json = new TableRowJson();
  }

  @Override
  public void write(TableRow row) throws IOException {
    json.writeLine(row, out);
  }

  @Override
  public void flush() throws IOException {
    out.finish();
  }
}

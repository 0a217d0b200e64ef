package dev.converge.agent.cli;

import dev.converge.agent.journal.FileJournal;
import dev.converge.agent.state.LocalState;
import dev.converge.engine.journal.JournalEntry;
import dev.converge.engine.journal.JournalProblem;
import dev.converge.engine.journal.JournalVerifier;
import dev.converge.engine.journal.Verification;
import dev.converge.engine.model.NodeValue;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code converge journal verify}: checks the journal's hash chain with the engine's {@link JournalVerifier} and
 * says either that it holds (entries, last seq and hash, recoveries passed) or exactly where it breaks: the line,
 * the entry's seq, what was expected against what was found, and why.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check that the audit journal is intact: every line is a canonical entry, true to its own hash, "
        + "linked to the one before it and numbered one past it.",
        "Prints the entry count and the last hash (keep it elsewhere: a later check against it shows whether whole "
            + "entries were removed from the end, which a hash chain alone cannot), or the line where the chain "
            + "breaks with the expected and the found value. Reading never changes the journal."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the chain is intact (recoveries from torn writes, recorded by the agent, allowed)",
        "1:the chain is broken", "2:bad input: no journal there, it cannot be read, or a bad option"})
final class JournalVerifyCommand implements Callable<Integer> {

  private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d{1,18})[,}]");

  /** Where the journal is: the agent's data folder, or a file. */
  static final class Source {
    @Option(names = "--data", paramLabel = "DIR",
        description = "The agent's data folder; its journal.jsonl is checked. Default: /var/lib/converge.")
    @Nullable Path data;

    @Option(names = "--file", paramLabel = "FILE", description = "A journal file (e.g. a copy kept elsewhere).")
    @Nullable Path file;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1") @Nullable Source source;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Spec CommandSpec spec;

  /**
   * Where and why the chain breaks, with the values a person compares.
   *
   * @param seq the entry's seq, when the line can be read that far
   * @param field what was compared: {@code hash}, {@code prevHash}, {@code seq}; {@code null} when the line is not
   *     an entry at all (torn or unparsable)
   */
  record Break(int line, @Nullable Long seq, JournalProblem.Kind kind, @Nullable String field,
      @Nullable String expected, @Nullable String found, String reason) {

    static Break of(JournalProblem p, Verification v, List<String> records) {
      String text = p.line() <= records.size() ? records.get(p.line() - 1) : "";
      JournalEntry entry = null;
      try {
        entry = JournalEntry.parse(text);
      } catch (IllegalArgumentException unreadable) {
        // torn or unparsable: only the seq at the start of the line may still be there
      }
      Long seq = entry != null ? Long.valueOf(entry.seq()) : leadingSeq(text);
      String field = null;
      String expected = null;
      String found = null;
      if (entry != null && p.kind() == JournalProblem.Kind.HASH_MISMATCH) {
        field = "hash";
        expected = entry.expectedHash();
        found = entry.hash();
      } else if (entry != null && p.kind() == JournalProblem.Kind.CHAIN_BROKEN
          && !entry.prevHash().equals(v.lastHash())) {
        field = "prevHash";
        expected = v.lastHash();
        found = entry.prevHash();
      } else if (entry != null && p.kind() == JournalProblem.Kind.SEQUENCE_GAP) {
        field = "seq";
        expected = Long.toString(v.lastSeq() + 1);
        found = Long.toString(entry.seq());
      }
      return new Break(p.line(), seq, p.kind(), field, expected, found, p.message());
    }

    private static @Nullable Long leadingSeq(String text) {
      Matcher m = SEQ.matcher(text);
      return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    NodeValue.Obj toValue() {
      Map<String, NodeValue> f = new LinkedHashMap<>();
      f.put("line", NodeValue.of(line));
      f.put("seq", seq == null ? NodeValue.absent() : NodeValue.of(seq));
      f.put("kind", NodeValue.of(kind.wireName()));
      f.put("field", field == null ? NodeValue.absent() : NodeValue.of(field));
      f.put("expected", expected == null ? NodeValue.absent() : NodeValue.of(expected));
      f.put("found", found == null ? NodeValue.absent() : NodeValue.of(found));
      f.put("reason", NodeValue.of(reason));
      f.values().removeIf(NodeValue::isAbsent);
      return NodeValue.object(f);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path file = journalFile();
    if (!Files.exists(file)) {
      err.println("error: " + file + ": no such journal" + (source != null && source.file != null ? ""
          : ": the agent has not written one with data folder " + file.getParent() + " (give it with --data, or a"
              + " journal file with --file)"));
      err.flush();
      return ExitCode.USAGE;
    }
    if (!Files.isRegularFile(file)) {
      err.println("error: " + file + ": not a file");
      err.flush();
      return ExitCode.USAGE;
    }
    List<String> records;
    try {
      records = new FileJournal(file).records();
    } catch (UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    Verification v = JournalVerifier.verify(records);
    Break broken = v.firstBreak().map(p -> Break.of(p, v, records)).orElse(null);
    if (json) {
      out.println(toJson(file, v, broken).toJsonText());
    } else {
      out.print(toText(file, v, broken));
    }
    out.flush();
    return broken == null ? ExitCode.OK : ExitCode.NOT_CONVERGED;
  }

  private Path journalFile() {
    if (source != null && source.file != null) {
      return source.file.toAbsolutePath().normalize();
    }
    Path folder = source != null && source.data != null ? source.data : LocalState.DEFAULT_FOLDER;
    return new LocalState(folder).journalFile();
  }

  private static NodeValue.Obj toJson(Path file, Verification v, @Nullable Break broken) {
    Map<String, NodeValue> f = new LinkedHashMap<>();
    f.put("file", NodeValue.of(file.toString()));
    f.put("intact", NodeValue.of(v.intact()));
    f.put("entries", NodeValue.of(v.entries()));
    f.put("lastSeq", NodeValue.of(v.lastSeq()));
    f.put("lastHash", NodeValue.of(v.lastHash()));
    f.put("recoveries", NodeValue.list(v.recoveries().stream().map(r -> (NodeValue) NodeValue.object(Map.of(
        "line", NodeValue.of(r.line()), "fromLine", NodeValue.of(r.fromLine()), "toLine", NodeValue.of(r.toLine()),
        "problem", NodeValue.of(r.problem().wireName()), "sha256", NodeValue.of(r.sha256())))).toList()));
    if (broken != null) {
      f.put("break", broken.toValue());
    }
    return NodeValue.object(f);
  }

  private static String toText(Path file, Verification v, @Nullable Break broken) {
    StringBuilder out = new StringBuilder();
    String entries = v.entries() + (v.entries() == 1 ? " entry" : " entries");
    if (broken == null) {
      out.append("OK: ").append(file).append(": hash chain intact");
      if (!v.recoveries().isEmpty()) {
        out.append(" after ").append(v.recoveries().size())
            .append(v.recoveries().size() == 1 ? " recovery" : " recoveries");
      }
      out.append("; ").append(entries).append(", last seq ").append(v.lastSeq()).append('\n');
      out.append("last hash ").append(v.lastHash()).append('\n');
      v.recoveries().forEach(r -> out.append(r.describe()).append('\n'));
      return out.toString();
    }
    out.append("BROKEN: ").append(file).append(": the hash chain breaks at line ").append(broken.line());
    if (broken.seq() != null) {
      out.append(" (seq ").append(broken.seq()).append(')');
    }
    out.append(": ").append(broken.kind().describe()).append('\n');
    if (broken.field() != null) {
      out.append(String.format("  expected %-8s %s%n", broken.field(), broken.expected()));
      out.append(String.format("  found    %-8s %s%n", broken.field(), broken.found()));
    }
    out.append("  reason: ").append(broken.reason()).append('\n');
    v.recoveries().forEach(r -> out.append("  before it: ").append(r.describe()).append('\n'));
    out.append("  before it: ").append(entries).append(" intact, last seq ").append(v.lastSeq())
        .append(", last hash ").append(v.lastHash()).append('\n');
    return out.toString();
  }
}

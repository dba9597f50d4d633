package io.partnerhub.mail;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mustache (mustache.java) held to what a mail template may do (decision 193): values and sections
 * of the kind's declared variables only; no partials, inheritance or pragmas (a partial would read
 * a file); in the HTML part every value is HTML-escaped ({@code {{{x}}}} and {@code {{&x}}} are
 * refused), and the literal text may hold no link, script or form of its own: links come only from
 * the kind's link variables, which point under PARTNERHUB_PUBLIC_URL.
 */
final class StrictMustache {
  /** Where a template goes: only the HTML part escapes values (for HTML). */
  enum Part {
    SUBJECT,
    HTML,
    TEXT
  }

  /** What a template's literal text may not hold: a URL, a script, or markup that acts. */
  private static final Pattern ACTIVE_TEXT =
      Pattern.compile(
          "(?i)//|\\bwww\\.|<\\s*(?:script|iframe|object|embed|form|base|meta|link|style|svg|img)\\b"
              + "|\\bon[a-z]+\\s*=|\\b(?:href|src|action|style|formaction|background)\\s*=");

  /** The one place a template may open a link: {@code href="} right before a link variable. */
  private static final Pattern HREF_OPEN = Pattern.compile("(?i)\\bhref\\s*=\\s*[\"']$");

  private StrictMustache() {}

  /** A compiled template, or IllegalArgumentException naming each problem. */
  static Mustache compile(String source, Part part, Set<String> variables, String name) {
    List<String> problems = new ArrayList<>();
    Factory factory = new Factory(part, variables, problems);
    Mustache mustache;
    try (Reader reader = new StringReader(source)) {
      mustache = factory.compile(reader, name);
    } catch (MustacheException | IOException e) {
      problems.add("is not a valid template (" + firstLine(e.getMessage()) + ")");
      mustache = null;
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return mustache;
  }

  /** Renders with {@code values} (absent variables render empty). */
  static String render(Mustache mustache, Map<String, String> values) {
    StringWriter out = new StringWriter();
    mustache.execute(out, values);
    return out.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "syntax";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }

  private static final class Factory extends DefaultMustacheFactory {
    private final Part part;
    private final Set<String> variables;
    private final List<String> problems;

    Factory(Part part, Set<String> variables, List<String> problems) {
      this.part = part;
      this.variables = variables;
      this.problems = problems;
    }

    @Override
    public Reader getReader(String resourceName) {
      throw new MustacheException("templates may not include others");
    }

    @Override
    public void encode(String value, Writer writer) {
      if (part == Part.HTML) {
        super.encode(value, writer);
        return;
      }
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public MustacheVisitor createMustacheVisitor() {
      return new DefaultMustacheVisitor(this) {
        private boolean hrefOpen;

        @Override
        public void value(TemplateContext tc, String variable, boolean encoded) {
          known(variable);
          if (hrefOpen && !MailKind.isLink(variable)) {
            problems.add("href= may only hold a link variable, not " + variable);
          }
          hrefOpen = false;
          if (!encoded && part == Part.HTML) {
            problems.add("{{{" + variable + "}}} would not be escaped: use {{" + variable + "}}");
          }
          super.value(tc, variable, encoded);
        }

        @Override
        public void iterable(TemplateContext tc, String variable, Mustache mustache) {
          known(variable);
          closeHref();
          super.iterable(tc, variable, mustache);
        }

        @Override
        public void notIterable(TemplateContext tc, String variable, Mustache mustache) {
          known(variable);
          closeHref();
          super.notIterable(tc, variable, mustache);
        }

        @Override
        public void write(TemplateContext tc, String text) {
          closeHref();
          java.util.regex.Matcher open = HREF_OPEN.matcher(text);
          String checked = text;
          if (part == Part.HTML && open.find()) {
            checked = text.substring(0, open.start());
            hrefOpen = true;
          }
          if (ACTIVE_TEXT.matcher(checked).find()) {
            problems.add(
                "holds a link, script or active markup of its own: links come from the kind's"
                    + " link variables only");
          }
          super.write(tc, text);
        }

        @Override
        public void eof(TemplateContext tc) {
          closeHref();
          super.eof(tc);
        }

        private void closeHref() {
          if (hrefOpen) {
            problems.add("href= may only hold a link variable");
            hrefOpen = false;
          }
        }

        @Override
        public void partial(TemplateContext tc, String variable, String indent) {
          problems.add("partials ({{>" + variable + "}}) are not allowed");
        }

        @Override
        public void dynamicPartial(TemplateContext tc, String variable, String indent) {
          problems.add("partials are not allowed");
        }

        @Override
        public void extend(TemplateContext tc, String variable, Mustache mustache) {
          problems.add("template inheritance is not allowed");
        }

        @Override
        public void name(TemplateContext tc, String variable, Mustache mustache) {
          problems.add("template inheritance is not allowed");
        }

        @Override
        public void checkName(TemplateContext tc, String variable, Mustache mustache) {
          problems.add("template inheritance is not allowed");
        }

        @Override
        public void pragma(TemplateContext tc, String pragma, String args) {
          problems.add("pragmas are not allowed");
        }
      };
    }

    private void known(String variable) {
      if (!variables.contains(variable)) {
        problems.add("unknown variable " + variable + " (known: " + variables + ")");
      }
    }
  }
}

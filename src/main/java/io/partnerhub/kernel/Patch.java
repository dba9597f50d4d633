package io.partnerhub.kernel;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One field of a partial update (PATCH): absent (not sent: keep the current value) or present with
 * a value, which may be null (clear it). In JSON a missing property decodes as absent, {@code null}
 * as present-null, and an absent field is not written at all, so a change crosses the cluster as it
 * was sent.
 */
@JsonDeserialize(using = Patch.Reader.class)
@JsonSerialize(using = Patch.Writer.class)
public record Patch<T>(boolean present, T value) {
  private static final Patch<?> ABSENT = new Patch<>(false, null);

  public Patch {
    if (!present && value != null) {
      throw new IllegalArgumentException("an absent field has no value");
    }
  }

  @SuppressWarnings("unchecked")
  public static <T> Patch<T> absent() {
    return (Patch<T>) ABSENT;
  }

  public static <T> Patch<T> of(T value) {
    return new Patch<>(true, value);
  }

  /** Whether a field of a changes record was sent: a null component counts as not sent. */
  private static boolean sent(Object patch) {
    return patch instanceof Patch<?> field && field.present();
  }

  /** The names of the fields {@code changes} sends. */
  public static Set<String> sentFields(Changes changes) {
    return patches(changes).keySet();
  }

  /**
   * {@code current} with every field that {@code changes} sends replaced by its value: the one
   * merge of every PATCH. Each component of {@code changes} is a Patch named as a component of
   * {@code current}.
   */
  public static <T extends Record> T merge(T current, Changes changes) {
    Map<String, Patch<?>> sent = patches(changes);
    RecordComponent[] components = current.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      values[i] = sent.containsKey(name) ? sent.remove(name).value() : read(components[i], current);
    }
    if (!sent.isEmpty()) {
      throw new IllegalArgumentException(
          current.getClass().getSimpleName() + " has no " + sent.keySet());
    }
    try {
      Constructor<?> canonical =
          current
              .getClass()
              .getDeclaredConstructor(
                  Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      @SuppressWarnings("unchecked")
      T merged = (T) canonical.newInstance(values);
      return merged;
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot build " + current.getClass().getSimpleName(), e);
    }
  }

  private static Map<String, Patch<?>> patches(Changes changes) {
    Map<String, Patch<?>> sent = new LinkedHashMap<>();
    for (RecordComponent component : ((Record) changes).getClass().getRecordComponents()) {
      Object patch = read(component, changes);
      if (sent(patch)) {
        sent.put(component.getName(), (Patch<?>) patch);
      }
    }
    return sent;
  }

  private static Object read(RecordComponent component, Object record) {
    try {
      Method accessor = component.getAccessor();
      accessor.setAccessible(
          true); // a feature's private changes record (an archive's) is read here too
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read " + component.getName(), e);
    }
  }

  /**
   * Decodes the value as the Patch's type argument; a missing property is absent, null is
   * present-null.
   */
  static final class Reader extends StdDeserializer<Patch<?>> implements ContextualDeserializer {
    private final JavaType valueType;

    Reader() {
      this(null);
    }

    private Reader(JavaType valueType) {
      super(Patch.class);
      this.valueType = valueType;
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, BeanProperty property) {
      JavaType patch = property != null ? property.getType() : ctxt.getContextualType();
      return new Reader(patch.containedTypeOrUnknown(0));
    }

    @Override
    public Patch<?> deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
      return Patch.of(ctxt.readValue(parser, valueType));
    }

    @Override
    public Patch<?> getNullValue(DeserializationContext ctxt) {
      return Patch.of(null);
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
      return absent();
    }
  }

  /** Writes the value; an absent Patch is "empty", so a {@link Changes} record leaves it out. */
  static final class Writer extends StdSerializer<Patch<?>> {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Writer() {
      super((Class) Patch.class);
    }

    @Override
    public void serialize(Patch<?> patch, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      provider.defaultSerializeValue(patch.value(), generator);
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, Patch<?> patch) {
      return patch == null || !patch.present();
    }
  }
}

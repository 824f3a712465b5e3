// Starts Debian's JMeter 2.13 in non-GUI mode with XStream's security framework opened up.
//
// Debian bookworm pairs jmeter 2.13 with libxstream-java 1.4.20, whose default deny-list refuses JMeter's own
// classes ("ForbiddenClassException: org.apache.jmeter.save.ScriptWrapper"), so `jmeter -n` cannot load any
// .jmx. This wrapper allows every type on JMeter's two XStream instances (the test plan and the JTL writer), then
// runs JMeter with the given arguments. Used only by scripts/make-format-fixtures.sh on a trusted local plan.
import java.lang.reflect.Field;
import java.lang.reflect.Method;

public final class PermissiveJMeter {
  public static void main(String[] args) throws Exception {
    // SaveService reads the properties when its class loads, so load them (and the -J overrides, which the
    // sample-save defaults read at the same moment) before touching it; JMeter.start loads them again later.
    String home = System.getProperty("jmeter.home");
    Class<?> utils = Class.forName("org.apache.jmeter.util.JMeterUtils");
    utils.getMethod("setJMeterHome", String.class).invoke(null, home);
    utils.getMethod("loadJMeterProperties", String.class).invoke(null, home + "/bin/jmeter.properties");
    java.util.Properties properties = (java.util.Properties) utils.getMethod("getJMeterProperties").invoke(null);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (arg.startsWith("-J") && eq > 2) properties.setProperty(arg.substring(2, eq), arg.substring(eq + 1));
    }
    Class<?> saveService = Class.forName("org.apache.jmeter.save.SaveService");
    Class<?> xstream = Class.forName("com.thoughtworks.xstream.XStream");
    Class<?> permission = Class.forName("com.thoughtworks.xstream.security.TypePermission");
    Object any = Class.forName("com.thoughtworks.xstream.security.AnyTypePermission").getField("ANY").get(null);
    Method addPermission = xstream.getMethod("addPermission", permission);
    for (String name : new String[] {"JMXSAVER", "JTLSAVER"}) {
      Field field = saveService.getDeclaredField(name);
      field.setAccessible(true);
      addPermission.invoke(field.get(null), any);
    }
    Class<?> jmeter = Class.forName("org.apache.jmeter.JMeter");
    jmeter.getMethod("start", String[].class).invoke(jmeter.getDeclaredConstructor().newInstance(), (Object) args);
  }
}

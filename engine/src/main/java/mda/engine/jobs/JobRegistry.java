package mda.engine.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps job kinds to factories, so that a worker JVM can build the job named on its command line.
 *
 * <p>Kinds come from {@link JobProvider}s found with {@link ServiceLoader}, not from static {@code register}
 * calls: a fresh worker JVM runs no UI code, so a kind registered in some class's static initialiser would exist
 * only if that class happened to load first. The service file is read from the class path, which the worker
 * shares with the UI, so both sides see the same kinds without static mutable state. Provider classes may also
 * be named in the system property {@value #PROVIDERS_PROPERTY} (comma-separated), which the launcher forwards
 * to the worker; that serves providers without a service file, such as test jobs.
 */
public final class JobRegistry {
    /** System property naming extra {@link JobProvider} classes, comma-separated. */
    public static final String PROVIDERS_PROPERTY = "mda.jobs.providers";

    private final Map<String, JobFactory> factories;

    private JobRegistry(Map<String, JobFactory> factories) {
        this.factories = Collections.unmodifiableMap(factories);
    }

    /** The kinds of every provider on the class path and in {@value #PROVIDERS_PROPERTY}. */
    public static JobRegistry load() {
        ClassLoader cl = JobRegistry.class.getClassLoader();
        Map<String, JobFactory> all = new LinkedHashMap<>();
        Map<String, String> owner = new LinkedHashMap<>();
        try {
            for (JobProvider p : ServiceLoader.load(JobProvider.class, cl)) {
                add(all, owner, p);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load job providers: " + e.getMessage(), e);
        }
        String extra = System.getProperty(PROVIDERS_PROPERTY, "");
        for (String name : extra.split(",")) {
            if (!name.isBlank()) {
                add(all, owner, instantiate(name.strip(), cl));
            }
        }
        return new JobRegistry(all);
    }

    /** A registry of exactly these providers (tests, embedding). */
    public static JobRegistry of(List<? extends JobProvider> providers) {
        Map<String, JobFactory> all = new LinkedHashMap<>();
        Map<String, String> owner = new LinkedHashMap<>();
        for (JobProvider p : providers) {
            add(all, owner, p);
        }
        return new JobRegistry(all);
    }

    /** The registered kinds, sorted. */
    public Set<String> kinds() {
        return new TreeSet<>(factories.keySet());
    }

    /**
     * Builds the job of {@code kind} from its parameters.
     *
     * @throws IllegalArgumentException for an unknown kind (listing the known ones) or invalid parameters
     */
    public Job<?> create(String kind, String paramsJson) {
        JobFactory f = factories.get(kind);
        if (f == null) {
            throw new IllegalArgumentException("unknown job kind '" + kind + "'; known kinds: "
                    + (factories.isEmpty() ? "none" : String.join(", ", kinds())));
        }
        Job<?> job = f.create(paramsJson == null ? "{}" : paramsJson);
        if (job == null || !kind.equals(job.kind())) {
            throw new IllegalStateException("the factory for job kind '" + kind + "' built "
                    + (job == null ? "nothing" : "a job of kind '" + job.kind() + "'"));
        }
        return job;
    }

    private static void add(Map<String, JobFactory> all, Map<String, String> owner, JobProvider p) {
        String name = p.getClass().getName();
        Map<String, JobFactory> jobs = p.jobs();
        if (jobs == null) {
            throw new IllegalStateException("job provider " + name + " returned no job map");
        }
        for (Map.Entry<String, JobFactory> e : jobs.entrySet()) {
            String kind = e.getKey();
            if (kind == null || kind.isBlank() || e.getValue() == null) {
                throw new IllegalStateException("job provider " + name + " has an empty kind or factory: " + kind);
            }
            String before = owner.putIfAbsent(kind, name);
            if (before != null) {
                throw new IllegalStateException("job kind '" + kind + "' is provided twice: by " + before
                        + " and by " + name);
            }
            all.put(kind, e.getValue());
        }
    }

    private static JobProvider instantiate(String className, ClassLoader cl) {
        try {
            Class<?> c = Class.forName(className, true, cl);
            if (!JobProvider.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(PROVIDERS_PROPERTY + " names " + className
                        + ", which is not a JobProvider");
            }
            return (JobProvider) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(PROVIDERS_PROPERTY + " names " + className
                    + ", which cannot be instantiated: " + e, e);
        }
    }
}

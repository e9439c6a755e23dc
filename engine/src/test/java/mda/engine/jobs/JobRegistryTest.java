package mda.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRegistryTest {
    @Test
    void providersNamedInThePropertyAreLoaded() {
        String before = System.getProperty(JobRegistry.PROVIDERS_PROPERTY);
        System.setProperty(JobRegistry.PROVIDERS_PROPERTY, " " + TestJobs.class.getName() + " ,");
        try {
            JobRegistry r = JobRegistry.load();
            assertTrue(r.kinds().containsAll(List.of("test-count", "test-crash", "test-fail")), r.kinds().toString());
            Job<?> job = r.create("test-count", "{\"n\":4,\"sleepMillis\":0}");
            assertEquals("test-count", job.kind());
        } finally {
            restore(before);
        }
    }

    @Test
    void badPropertyNamesTheClass() {
        String before = System.getProperty(JobRegistry.PROVIDERS_PROPERTY);
        System.setProperty(JobRegistry.PROVIDERS_PROPERTY, "java.lang.String");
        try {
            var e = assertThrows(IllegalArgumentException.class, JobRegistry::load);
            assertTrue(e.getMessage().contains("java.lang.String, which is not a JobProvider"), e.getMessage());
        } finally {
            restore(before);
        }
    }

    @Test
    void unknownKindListsTheKnownOnesAndBadParamsAreNamed() {
        JobRegistry r = JobRegistry.of(List.of(new TestJobs()));
        var e = assertThrows(IllegalArgumentException.class, () -> r.create("train", "{}"));
        assertEquals("unknown job kind 'train'; known kinds: test-count, test-crash, test-fail", e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> r.create("test-count", "{\"n\":0}"));
        assertTrue(bad.getMessage().startsWith("invalid CountParams parameters: n must be ≥ 1"), bad.getMessage());
    }

    @Test
    void duplicateKindsAndMismatchedFactoriesAreRefused() {
        var dup = assertThrows(IllegalStateException.class, () -> JobRegistry.of(List.of(new TestJobs(), new TestJobs())));
        assertTrue(dup.getMessage().matches("job kind 'test-\\w+' is provided twice: by .*TestJobs and by .*TestJobs"),
                dup.getMessage());
        JobProvider liar = () -> Map.of("a", p -> new TestJobs.CountJob(new TestJobs.CountParams(1, 0, false)));
        var mismatch = assertThrows(IllegalStateException.class, () -> JobRegistry.of(List.of(liar)).create("a", "{}"));
        assertEquals("the factory for job kind 'a' built a job of kind 'test-count'", mismatch.getMessage());
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(JobRegistry.PROVIDERS_PROPERTY);
        } else {
            System.setProperty(JobRegistry.PROVIDERS_PROPERTY, before);
        }
    }
}

package io.partnerhub;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * No loop between the top-level packages of the service (the root package counts as one): features
 * sit side by side over the shared kernel, the edge (http) and the boot (root) above them. The same
 * check as the house's pkgcycles.py, on the compiled classes, so the build fails on a new loop.
 */
class PackageCyclesTest {
  private static final String BASE = "io.partnerhub";

  /**
   * One slice per top-level package below io.partnerhub; classes of the root package are the slice
   * "(root)".
   */
  private static final SliceAssignment TOP_LEVEL_PACKAGES =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getPackageName();
          if (name.equals(BASE)) {
            return SliceIdentifier.of("(root)");
          }
          return name.startsWith(BASE + ".")
              ? SliceIdentifier.of(name.substring(BASE.length() + 1).split("\\.")[0])
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "top-level packages of " + BASE;
        }
      };

  @Test
  void theTopLevelPackagesImportEachOtherWithoutLoops() {
    JavaClasses production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);
    slices().assignedFrom(TOP_LEVEL_PACKAGES).should().beFreeOfCycles().check(production);
  }
}

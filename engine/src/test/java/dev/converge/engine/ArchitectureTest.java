package dev.converge.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine's boundaries (DESIGN.md "Modules", STYLE.md §2.1), checked on the compiled classes. */
class ArchitectureTest {

  private static final JavaClasses ENGINE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.converge.engine");

  @Test
  void the_engine_imports_no_sdk_tpm_or_adapter_code() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("com.microsoft.azure..", "tss..",
        "dev.converge.adapters..", "dev.converge.agent..", "dev.converge.tpm..", "dev.converge.emulator..")
        .check(ENGINE);
  }

  @Test
  void the_engine_does_no_file_io_and_reads_no_wall_clock() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("java.nio.file..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(java.time.Instant.class, "now")
        .check(ENGINE);
  }

  @Test
  void engine_packages_have_no_cycles() {
    slices().matching("dev.converge.engine.(*)..").should().beFreeOfCycles().check(ENGINE);
  }
}

package com.pixelgram.notification;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModuleDependency;
import org.springframework.modulith.core.ApplicationModuleIdentifier;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages ({@code inbox}, {@code push}, {@code events}, ...) each declare in
 * their {@code package-info} which features they may use, and show other features only
 * their public types. The build fails when a feature uses a feature it did not declare,
 * reaches into another's package-private or sub-package types, or forms a cycle; when a
 * declaration names a feature no longer used, so that the declared graph is the real one;
 * and when a feature makes public a type in its base package (its API) that no other
 * feature uses: what only the feature itself needs is package-private, or public in an
 * {@code internal} sub-package.
 */
class ModularityTest {

	private static final ApplicationModules MODULES = ApplicationModules.of(NotificationServiceApplication.class);

	@Test
	void featuresUseOnlyTheFeaturesTheyDeclareThroughTheirPublicTypesWithoutCycles() {
		MODULES.verify();
	}

	@Test
	void everyFeatureDeclaresExactlyTheFeaturesItUses() {
		for (ApplicationModule module : MODULES) {
			assertThat(module.getBasePackage().getAnnotation(org.springframework.modulith.ApplicationModule.class))
				.as("@ApplicationModule(allowedDependencies = ...) in %s's package-info", module.getIdentifier())
				.hasValueSatisfying((declaration) -> assertThat(declaration.allowedDependencies())
					.doesNotContain(org.springframework.modulith.ApplicationModule.OPEN_TOKEN));
			Set<ApplicationModuleIdentifier> allowed = module.getAllowedDependencies(MODULES)
				.stream()
				.map((dependency) -> dependency.getTargetModule().getIdentifier())
				.collect(Collectors.toCollection(TreeSet::new));
			Set<ApplicationModuleIdentifier> used = module.getDirectDependencies(MODULES)
				.uniqueModules()
				.map(ApplicationModule::getIdentifier)
				.collect(Collectors.toCollection(TreeSet::new));
			assertThat(used).as("the features %s uses", module.getIdentifier()).isEqualTo(allowed);
		}
	}

	@Test
	void everyPublicTypeOfAFeatureIsUsedByAnotherFeature() {
		Set<String> usedByOthers = MODULES.stream()
			.flatMap((module) -> module.getDirectDependencies(MODULES).stream())
			.map(ApplicationModuleDependency::getTargetType)
			.map(ModularityTest::topLevelName)
			.collect(Collectors.toSet());
		for (ApplicationModule module : MODULES) {
			String api = module.getBasePackage().getName();
			Set<String> unused = module.getBasePackage()
				.stream()
				.filter((type) -> type.getPackageName().equals(api) && type.isTopLevelClass())
				.filter((type) -> type.getModifiers().contains(JavaModifier.PUBLIC))
				.map(JavaClass::getName)
				.filter((name) -> !usedByOthers.contains(name))
				.collect(Collectors.toCollection(TreeSet::new));
			assertThat(unused).as("public types of %s that no other feature uses", module.getIdentifier()).isEmpty();
		}
	}

	/** The type itself, or the top-level type it is nested in. */
	private static String topLevelName(JavaClass type) {
		JavaClass outer = type;
		while (outer.getEnclosingClass().isPresent()) {
			outer = outer.getEnclosingClass().get();
		}
		return outer.getName();
	}

}

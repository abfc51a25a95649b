package com.pixelgram.testsupport;

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
 * What every service holds of its feature packages (the direct sub-packages of its
 * application's package): each declares in its {@code package-info} which features it may
 * use, and shows other features only its public types. A service's {@code ModularityTest}
 * extends this with its application class. The build fails when a feature uses a feature
 * it did not declare, reaches into another's package-private or sub-package types, or
 * forms a cycle; when a declaration names a feature no longer used, so that the declared
 * graph is the real one; and when a feature makes public a type in its base package (its
 * API) that no other feature uses: what only the feature itself needs is package-private,
 * or public in an {@code internal} sub-package.
 */
public abstract class FeatureModularityTest {

	private final ApplicationModules modules;

	protected FeatureModularityTest(Class<?> application) {
		this.modules = ApplicationModules.of(application);
	}

	@Test
	void featuresUseOnlyTheFeaturesTheyDeclareThroughTheirPublicTypesWithoutCycles() {
		this.modules.verify();
	}

	@Test
	void everyFeatureDeclaresExactlyTheFeaturesItUses() {
		for (ApplicationModule module : this.modules) {
			assertThat(module.getBasePackage().getAnnotation(org.springframework.modulith.ApplicationModule.class))
				.as("@ApplicationModule(allowedDependencies = ...) in %s's package-info", module.getIdentifier())
				.hasValueSatisfying((declaration) -> assertThat(declaration.allowedDependencies())
					.doesNotContain(org.springframework.modulith.ApplicationModule.OPEN_TOKEN));
			Set<ApplicationModuleIdentifier> allowed = module.getAllowedDependencies(this.modules)
				.stream()
				.map((dependency) -> dependency.getTargetModule().getIdentifier())
				.collect(Collectors.toCollection(TreeSet::new));
			Set<ApplicationModuleIdentifier> used = module.getDirectDependencies(this.modules)
				.uniqueModules()
				.map(ApplicationModule::getIdentifier)
				.collect(Collectors.toCollection(TreeSet::new));
			assertThat(used).as("the features %s uses", module.getIdentifier()).isEqualTo(allowed);
		}
	}

	@Test
	void everyPublicTypeOfAFeatureIsUsedByAnotherFeature() {
		Set<String> usedByOthers = this.modules.stream()
			.flatMap((module) -> module.getDirectDependencies(this.modules).stream())
			.map(ApplicationModuleDependency::getTargetType)
			.map(FeatureModularityTest::topLevelName)
			.collect(Collectors.toSet());
		for (ApplicationModule module : this.modules) {
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

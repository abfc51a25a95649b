package com.pixelgram.e2e;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The attack suite's generators, without the stack. */
class GenTest {

	private static final int DRAWS = 5_000;

	@Test
	void theSameSeedDrawsTheSameSequence() {
		Gen<String> gen = Gen.frequency(Gen.weighted(3, Gen.unicode(0, 40)), Gen.weighted(2, Gen.alpha(200, 9000)),
				Gen.weighted(1, Gen.longs().map(String::valueOf)), Gen.weighted(1, Gen.ints().map(String::valueOf)),
				Gen.weighted(1,
						Gen.bigIntegers(BigInteger.TWO.pow(63), BigInteger.TEN.pow(40)).map(BigInteger::toString)),
				Gen.weighted(1, Gen.subsetOf(List.of("a", "b", "c", "d")).map(Set::toString)),
				Gen.weighted(1, Gen.bytes(0, 3_000).map((bytes) -> Arrays.toString(bytes))));

		List<String> first = draw(gen, new SplittableRandom(15015015L), DRAWS);
		List<String> again = draw(gen, new SplittableRandom(15015015L), DRAWS);
		List<String> other = draw(gen, new SplittableRandom(15015016L), DRAWS);

		assertThat(again).isEqualTo(first);
		assertThat(other).isNotEqualTo(first);
	}

	@Test
	void frequencyDrawsByWeight() {
		Gen<String> gen = Gen.frequency(Gen.weighted(5, Gen.just("five")), Gen.weighted(2, Gen.just("two")),
				Gen.weighted(1, Gen.just("one")), Gen.weighted(0, Gen.just("never")));
		int draws = 80_000;
		Map<String, Integer> counts = new HashMap<>();
		draw(gen, new SplittableRandom(1), draws).forEach((value) -> counts.merge(value, 1, Integer::sum));

		assertThat(counts).doesNotContainKey("never");
		// the first choice also takes about one draw in FIRST_CHOICE_ONE_IN besides its
		// weight
		double byWeight = 1 - 1.0 / Gen.FIRST_CHOICE_ONE_IN;
		assertThat(counts.get("five") / (double) draws).isCloseTo(1 - byWeight + byWeight * 5 / 8.0, within(0.01));
		assertThat(counts.get("two") / (double) draws).isCloseTo(byWeight * 2 / 8.0, within(0.01));
		assertThat(counts.get("one") / (double) draws).isCloseTo(byWeight * 1 / 8.0, within(0.01));
	}

	@Test
	void oneOfDrawsEveryValueAlike() {
		List<String> values = List.of("a", "b", "c", "d");
		Map<String, Integer> counts = new HashMap<>();
		draw(Gen.oneOf(values), new SplittableRandom(2), 40_000)
			.forEach((value) -> counts.merge(value, 1, Integer::sum));

		assertThat(counts).containsOnlyKeys(values);
		counts.values().forEach((count) -> assertThat(count / 40_000.0).isCloseTo(0.25, within(0.01)));
	}

	@Test
	void stringsKeepTheirLengthsAndCharacters() {
		int[][] bounds = { { 0, 0 }, { 0, 30 }, { 0, 60 }, { 1, 12 }, { 1, 40 }, { 11, 2000 }, { 30, 3000 }, { 36, 36 },
				{ 200, 9000 } };
		for (Gen.Chars chars : Gen.Chars.values()) {
			for (int[] bound : bounds) {
				int min = bound[0];
				int max = bound[1];
				List<String> strings = draw(Gen.strings(chars, min, max), new SplittableRandom(min * 31L + max), 2_000);
				assertThat(strings).as("%s %d-%d", chars, min, max)
					.allSatisfy((text) -> assertThat(text.length()).isBetween(min, max))
					.allSatisfy((text) -> assertThat(text.chars()).allMatch((c) -> chars.contains((char) (int) c)));
				assertThat(strings).as("%s %d-%d reaches both bounds", chars, min, max)
					.anySatisfy((text) -> assertThat(text).hasSize(min))
					.anySatisfy((text) -> assertThat(text).hasSize(max));
			}
		}
	}

	@Test
	void longStringsAreMostlyShortAndSometimesTheLongest() {
		List<String> strings = draw(Gen.alpha(200, 9000), new SplittableRandom(3), 20_000);
		long longest = strings.stream().filter((text) -> text.length() == 9000).count();
		long shortOnes = strings.stream().filter((text) -> text.length() <= 210).count();

		assertThat(longest / 20_000.0).isCloseTo(0.02, within(0.01));
		assertThat(shortOnes / 20_000.0).isCloseTo(0.86, within(0.02));
	}

	@Test
	void unicodeStringsHoldNoSurrogatePrivateUseOrNoncharacter() {
		Set<Character> seen = new HashSet<>();
		draw(Gen.unicode(1, 40), new SplittableRandom(4), 10_000)
			.forEach((text) -> text.chars().forEach((c) -> seen.add((char) c)));

		assertThat(seen).noneMatch(Character::isSurrogate)
			.noneMatch((c) -> c >= '\uE000' && c <= '\uF8FF')
			.noneMatch((c) -> (c >= '\uFDD0' && c <= '\uFDEF') || c == '\uFFFE' || c == '\uFFFF')
			.anyMatch((c) -> c > '\u0FFF')
			.anyMatch((c) -> c < '\u0080');
	}

	@Test
	void numbersKeepTheirBoundsAndDrawTheirEdges() {
		List<Integer> ints = draw(Gen.ints(0, 100), new SplittableRandom(5), DRAWS);
		assertThat(ints).allSatisfy((value) -> assertThat(value).isBetween(0, 100)).contains(0, 1, 99, 100);

		BigInteger min = BigInteger.TWO.pow(63);
		BigInteger max = BigInteger.TEN.pow(40);
		List<BigInteger> bigIntegers = draw(Gen.bigIntegers(min, max), new SplittableRandom(6), DRAWS);
		assertThat(bigIntegers).allSatisfy((value) -> assertThat(value).isBetween(min, max)).contains(min, max);
		assertThat(bigIntegers).anySatisfy((value) -> assertThat(value.bitLength()).isGreaterThan(100));

		List<Long> longs = draw(Gen.longs(), new SplittableRandom(7), DRAWS);
		assertThat(longs).contains(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L, 1L)
			.anySatisfy((value) -> assertThat(value).isBetween(-1_000L, 1_000L).isNotIn(-2L, -1L, 0L, 1L, 2L))
			.anySatisfy((value) -> assertThat(Math.abs(value)).isGreaterThan(1L << 60));

		List<Integer> anyInts = draw(Gen.ints(), new SplittableRandom(8), DRAWS);
		assertThat(anyInts).contains(Integer.MIN_VALUE, Integer.MAX_VALUE, 0)
			.anySatisfy((value) -> assertThat(value).isNegative())
			.anySatisfy((value) -> assertThat(value).isGreaterThan(1 << 28));
	}

	@Test
	void byteArraysKeepTheirSizes() {
		List<byte[]> arrays = draw(Gen.bytes(0, 3_000), new SplittableRandom(9), DRAWS);

		assertThat(arrays).allSatisfy((bytes) -> assertThat(bytes.length).isBetween(0, 3_000))
			.anySatisfy((bytes) -> assertThat(bytes).isEmpty())
			.anySatisfy((bytes) -> assertThat(bytes).hasSize(3_000));
	}

	@Test
	void subsetsAreDistinctInOrderAndOfEverySize() {
		List<String> values = List.of("a", "b", "c", "d", "e");
		List<Set<String>> subsets = draw(Gen.subsetOf(values), new SplittableRandom(10), DRAWS);

		assertThat(subsets).allSatisfy((subset) -> assertThat(new ArrayList<>(subset))
			.isEqualTo(values.stream().filter(subset::contains).toList()));
		Set<Integer> sizes = new HashSet<>();
		subsets.forEach((subset) -> sizes.add(subset.size()));
		assertThat(sizes).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
	}

	@Test
	void combineDrawsEachGeneratorInOrder() {
		Gen<String> pairs = Gen.combine(Gen.alpha(1, 5), Gen.numeric(1, 5), (a, b) -> a + "|" + b);

		assertThat(draw(pairs, new SplittableRandom(11), DRAWS))
			.allSatisfy((pair) -> assertThat(pair).matches("[A-Za-z]{1,5}\\|[0-9]{1,5}"));
		assertThat(
				draw(Gen.combine(List.of(Gen.just("x"), Gen.oneOf("y"), Gen.just("z"))), new SplittableRandom(12), 10))
			.containsOnly(List.of("x", "y", "z"));
	}

	private static <T> List<T> draw(Gen<T> gen, RandomGenerator random, int count) {
		List<T> values = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			values.add(gen.next(random));
		}
		return values;
	}

}

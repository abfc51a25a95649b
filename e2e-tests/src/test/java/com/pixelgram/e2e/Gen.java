package com.pixelgram.e2e;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A generator of test input: {@link #next(RandomGenerator)} draws one value from the
 * random source it is given, and nothing else, so a source seeded alike (the attack suite
 * uses {@link java.util.SplittableRandom}) draws the same values in the same order. Small
 * on purpose, it has what the attack suite's {@link BadInputs} need:
 * <ul>
 * <li>{@link #just}, {@link #oneOf} (each value as likely), {@link #frequency} (a
 * generator chosen by weight), {@link #combine}, {@link #subsetOf}, {@link #map},
 * {@link #list};</li>
 * <li>strings of a {@link Chars character set} with a length between bounds: mostly short
 * (up to ten characters over the minimum), about one in eight longer, about one in fifty
 * of the maximum length (see {@link #size});</li>
 * <li>{@link #longs()} and {@link #ints()} over their whole range, as likely small as
 * large in magnitude, {@link #ints(int, int)} between bounds, {@link #bigIntegers}
 * between bounds and leaning to the lower one, {@link #bytes} arrays.</li>
 * </ul>
 * Numbers, strings and byte arrays mix in their edge cases, about one draw in
 * {@value #EDGE_CASE_ONE_IN}: the bounds and the values next to them, zero and &plusmn;1,
 * the empty string or array, and strings of the shortest length made of a character set's
 * first or last character. {@link #frequency} leans to its first choice, about one draw
 * in {@value #FIRST_CHOICE_ONE_IN} besides its weight: the attack suite lists the plain
 * choice first (a parameter left out, a body of the valid shape), so that a request with
 * several parameters often has only one of them wrong and reaches the code behind the
 * validation.
 *
 * @param <T> the type of the values
 */
@FunctionalInterface
interface Gen<T> {

	/** How rarely numbers, strings and byte arrays draw one of their edge cases. */
	int EDGE_CASE_ONE_IN = 16;

	/** How often, besides its weight, {@link #frequency} draws its first choice. */
	int FIRST_CHOICE_ONE_IN = 6;

	/**
	 * Draws a value.
	 * @param random the source of randomness, the only one a generator may use
	 * @return the value
	 */
	T next(RandomGenerator random);

	/**
	 * Values of this generator, transformed.
	 * @param <R> the type of the transformed values
	 * @param mapper the transformation
	 * @return the generator
	 */
	default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
		return (random) -> mapper.apply(next(random));
	}

	/**
	 * Lists of values of this generator.
	 * @param size the size of each list
	 * @return the generator
	 */
	default Gen<List<T>> list(int size) {
		return (random) -> {
			List<T> values = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				values.add(next(random));
			}
			return values;
		};
	}

	/**
	 * This generator, drawing one of the given values instead about once in
	 * {@value #EDGE_CASE_ONE_IN}.
	 * @param edgeCases the values to mix in, each as likely
	 * @return the generator
	 */
	default Gen<T> withEdgeCases(List<? extends T> edgeCases) {
		if (edgeCases.isEmpty()) {
			return this;
		}
		List<T> edges = List.copyOf(edgeCases);
		return (random) -> (random.nextInt(EDGE_CASE_ONE_IN) == 0) ? edges.get(random.nextInt(edges.size()))
				: next(random);
	}

	/**
	 * Always the same value.
	 * @param <T> the type of the value
	 * @param value the value
	 * @return the generator
	 */
	static <T> Gen<T> just(T value) {
		return (random) -> value;
	}

	/**
	 * One of the values, each as likely.
	 * @param <T> the type of the values
	 * @param values the values, at least one
	 * @return the generator
	 */
	static <T> Gen<T> oneOf(List<? extends T> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("no values to choose from");
		}
		List<T> choices = List.copyOf(values);
		return (random) -> choices.get(random.nextInt(choices.size()));
	}

	/**
	 * One of the values, each as likely.
	 * @param <T> the type of the values
	 * @param values the values, at least one
	 * @return the generator
	 */
	@SafeVarargs
	static <T> Gen<T> oneOf(T... values) {
		return oneOf(Arrays.asList(values));
	}

	/**
	 * A generator and how often {@link #frequency} draws from it.
	 * @param <T> the type of the values
	 * @param weight its weight, relative to the other choices'
	 * @param gen the generator
	 * @return the choice
	 */
	static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
		return new Weighted<>(weight, gen);
	}

	/**
	 * A value of one of the generators, chosen by weight: of {@code weighted(3, a)} and
	 * {@code weighted(1, b)}, {@code a} draws three values in four; and besides, about
	 * one draw in {@value #FIRST_CHOICE_ONE_IN}, the first choice.
	 * @param <T> the type of the values
	 * @param choices the generators and their weights
	 * @return the generator
	 */
	@SafeVarargs
	static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
		List<Weighted<? extends T>> all = List.of(choices);
		int total = all.stream().mapToInt(Weighted::weight).sum();
		if (total <= 0) {
			throw new IllegalArgumentException("no choice has a weight");
		}
		return (random) -> {
			if (all.get(0).weight() > 0 && random.nextInt(FIRST_CHOICE_ONE_IN) == 0) {
				return all.get(0).gen().next(random);
			}
			int pick = random.nextInt(total);
			for (Weighted<? extends T> choice : all) {
				if (pick < choice.weight()) {
					return choice.gen().next(random);
				}
				pick -= choice.weight();
			}
			throw new IllegalStateException("weights changed");
		};
	}

	/**
	 * Pairs of values of two generators, drawn in order and combined.
	 * @param <A> the type of the first values
	 * @param <B> the type of the second values
	 * @param <R> the type of the combined values
	 * @param first the first generator
	 * @param second the second generator
	 * @param combiner what makes one value of the two
	 * @return the generator
	 */
	static <A, B, R> Gen<R> combine(Gen<A> first, Gen<B> second,
			BiFunction<? super A, ? super B, ? extends R> combiner) {
		return (random) -> {
			A a = first.next(random);
			B b = second.next(random);
			return combiner.apply(a, b);
		};
	}

	/**
	 * Lists of one value of each generator, drawn in order.
	 * @param <T> the type of the values
	 * @param gens the generators
	 * @return the generator
	 */
	static <T> Gen<List<T>> combine(List<? extends Gen<? extends T>> gens) {
		List<Gen<? extends T>> all = List.copyOf(gens);
		return (random) -> {
			List<T> values = new ArrayList<>(all.size());
			for (Gen<? extends T> gen : all) {
				values.add(gen.next(random));
			}
			return values;
		};
	}

	/**
	 * Subsets of the values, from none to all, in the values' order.
	 * @param <T> the type of the values
	 * @param values the values, all different
	 * @return the generator
	 */
	static <T> Gen<Set<T>> subsetOf(List<? extends T> values) {
		List<T> all = List.copyOf(values);
		return (random) -> {
			int size = size(random, 0, all.size());
			int[] indexes = new int[all.size()];
			Arrays.setAll(indexes, (i) -> i);
			for (int i = 0; i < size; i++) {
				int j = random.nextInt(i, indexes.length);
				int swap = indexes[i];
				indexes[i] = indexes[j];
				indexes[j] = swap;
			}
			int[] chosen = Arrays.copyOf(indexes, size);
			Arrays.sort(chosen);
			Set<T> subset = new LinkedHashSet<>();
			for (int index : chosen) {
				subset.add(all.get(index));
			}
			return subset;
		};
	}

	/**
	 * Strings of the characters of a set.
	 * @param chars the characters
	 * @param minLength the shortest length
	 * @param maxLength the longest length
	 * @return the generator
	 */
	static Gen<String> strings(Chars chars, int minLength, int maxLength) {
		checkSizes(minLength, maxLength);
		Gen<String> strings = (random) -> {
			int length = size(random, minLength, maxLength);
			StringBuilder text = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				text.append(chars.next(random));
			}
			return text.toString();
		};
		List<String> edgeCases = new ArrayList<>();
		if (minLength == 0) {
			edgeCases.add("");
		}
		int edgeLength = Math.max(minLength, 1);
		if (edgeLength <= maxLength) {
			for (char edge : chars.edges()) {
				edgeCases.add(String.valueOf(edge).repeat(edgeLength));
			}
		}
		return strings.withEdgeCases(edgeCases);
	}

	/**
	 * Strings of ASCII letters, {@code A-Z} and {@code a-z}.
	 * @param minLength the shortest length
	 * @param maxLength the longest length
	 * @return the generator
	 */
	static Gen<String> alpha(int minLength, int maxLength) {
		return strings(Chars.ALPHA, minLength, maxLength);
	}

	/**
	 * Strings of digits, {@code 0-9}.
	 * @param minLength the shortest length
	 * @param maxLength the longest length
	 * @return the generator
	 */
	static Gen<String> numeric(int minLength, int maxLength) {
		return strings(Chars.NUMERIC, minLength, maxLength);
	}

	/**
	 * Strings of ASCII letters and digits.
	 * @param minLength the shortest length
	 * @param maxLength the longest length
	 * @return the generator
	 */
	static Gen<String> alphanumeric(int minLength, int maxLength) {
		return strings(Chars.ALPHANUMERIC, minLength, maxLength);
	}

	/**
	 * Strings of ASCII characters, control characters included.
	 * @param minLength the shortest length
	 * @param maxLength the longest length
	 * @return the generator
	 */
	static Gen<String> ascii(int minLength, int maxLength) {
		return strings(Chars.ASCII, minLength, maxLength);
	}

	/**
	 * Strings of any character of the Basic Multilingual Plane but surrogates, private
	 * use characters and noncharacters.
	 * @param minLength the shortest length
	 * @param maxLength the longest length
	 * @return the generator
	 */
	static Gen<String> unicode(int minLength, int maxLength) {
		return strings(Chars.UNICODE, minLength, maxLength);
	}

	/**
	 * Byte arrays, each byte value as likely.
	 * @param minSize the smallest size
	 * @param maxSize the largest size
	 * @return the generator
	 */
	static Gen<byte[]> bytes(int minSize, int maxSize) {
		checkSizes(minSize, maxSize);
		Gen<byte[]> bytes = (random) -> {
			byte[] array = new byte[size(random, minSize, maxSize)];
			random.nextBytes(array);
			return array;
		};
		return (minSize == 0) ? bytes.withEdgeCases(List.of(new byte[0])) : bytes;
	}

	/**
	 * Any {@code long}: a random one shifted right by 0 to 63 bits, so that every
	 * magnitude is as likely, small or large.
	 * @return the generator
	 */
	static Gen<Long> longs() {
		Gen<Long> longs = (random) -> random.nextLong() >> random.nextInt(Long.SIZE);
		return longs.withEdgeCases(
				List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -2L, -1L, 0L, 1L, 2L, Long.MAX_VALUE - 1, Long.MAX_VALUE));
	}

	/**
	 * Any {@code int}, every magnitude as likely, as {@link #longs()}.
	 * @return the generator
	 */
	static Gen<Integer> ints() {
		Gen<Integer> ints = (random) -> random.nextInt() >> random.nextInt(Integer.SIZE);
		return ints.withEdgeCases(List.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -2, -1, 0, 1, 2,
				Integer.MAX_VALUE - 1, Integer.MAX_VALUE));
	}

	/**
	 * An {@code int} between bounds, each as likely.
	 * @param min the lowest value
	 * @param max the highest value
	 * @return the generator
	 */
	static Gen<Integer> ints(int min, int max) {
		checkBounds(min, max);
		Gen<Integer> ints = (random) -> (int) random.nextLong(min, (long) max + 1);
		return ints.withEdgeCases(
				List.copyOf(new LinkedHashSet<>(List.of(min, Math.min(min + 1, max), Math.max(max - 1, min), max))));
	}

	/**
	 * A {@link BigInteger} between bounds, leaning to the lower one: its distance from it
	 * has a random number of bits, every number as likely.
	 * @param min the lowest value
	 * @param max the highest value
	 * @return the generator
	 */
	static Gen<BigInteger> bigIntegers(BigInteger min, BigInteger max) {
		if (min.compareTo(max) > 0) {
			throw new IllegalArgumentException("min " + min + " is above max " + max);
		}
		BigInteger range = max.subtract(min);
		Gen<BigInteger> bigIntegers = (random) -> {
			int bits = random.nextInt(range.bitLength() + 1);
			BigInteger offset = BigInteger.ZERO;
			for (int shift = 0; shift < bits; shift += Long.SIZE) {
				long chunk = random.nextLong();
				int width = Math.min(Long.SIZE, bits - shift);
				if (width < Long.SIZE) {
					chunk &= (1L << width) - 1;
				}
				offset = offset.or(new BigInteger(Long.toUnsignedString(chunk)).shiftLeft(shift));
			}
			return min.add(offset.mod(range.add(BigInteger.ONE)));
		};
		List<BigInteger> edges = List.of(min, min.add(BigInteger.ONE).min(max), max.subtract(BigInteger.ONE).max(min),
				max);
		return bigIntegers.withEdgeCases(List.copyOf(new LinkedHashSet<>(edges)));
	}

	/**
	 * A length or size between bounds: up to ten over the minimum about six times in
	 * seven, over that about one time in eight, the maximum about one time in fifty; any
	 * between the bounds, each as likely, when they are at most ten apart. Short values
	 * are cheap to send and most often find what a bad value finds; the long ones and the
	 * longest try the limits without making every request a large one.
	 * @param random the source of randomness
	 * @param min the smallest
	 * @param max the largest
	 * @return the length
	 */
	static int size(RandomGenerator random, int min, int max) {
		int shortest = 10;
		if (max - min <= shortest) {
			return random.nextInt(min, max + 1);
		}
		double choice = random.nextDouble();
		if (choice < 0.02) {
			return max;
		}
		if (choice < 0.14) {
			return random.nextInt(min + shortest + 1, max + 1);
		}
		return random.nextInt(min, min + shortest + 1);
	}

	private static void checkBounds(int min, int max) {
		if (min > max) {
			throw new IllegalArgumentException("min " + min + " is above max " + max);
		}
	}

	private static void checkSizes(int min, int max) {
		if (min < 0) {
			throw new IllegalArgumentException("negative size " + min);
		}
		checkBounds(min, max);
	}

	/**
	 * A choice of the generator and its weight, for {@link #frequency}.
	 *
	 * @param <T> the type of the values
	 * @param weight how often it is chosen, relative to the other choices
	 * @param gen the generator
	 */
	record Weighted<T>(int weight, Gen<? extends T> gen) {

		public Weighted {
			if (weight < 0) {
				throw new IllegalArgumentException("negative weight " + weight);
			}
		}

	}

	/** A set of characters for strings, each range as likely. */
	enum Chars {

		/** {@code A-Z} and {@code a-z}. */
		ALPHA("AZaz"),

		/** {@code 0-9}. */
		NUMERIC("09"),

		/** {@code A-Z}, {@code a-z} and {@code 0-9}, each range as likely. */
		ALPHANUMERIC("AZaz09"),

		/** {@code U+0000-U+007F}. */
		ASCII("\u0000\u007F"),

		/**
		 * The Basic Multilingual Plane but surrogates, private use characters and
		 * noncharacters, each character as likely.
		 */
		UNICODE("\u0000\uFFFD");

		private final String ranges;

		Chars(String ranges) {
			this.ranges = ranges;
		}

		char next(RandomGenerator random) {
			if (this == UNICODE) {
				char c;
				do {
					c = (char) random.nextInt(Character.MAX_VALUE + 1);
				}
				while (!isUnicodeChoice(c));
				return c;
			}
			int range = random.nextInt(this.ranges.length() / 2) * 2;
			return (char) random.nextInt(this.ranges.charAt(range), this.ranges.charAt(range + 1) + 1);
		}

		/** The first and last character of each range. */
		List<Character> edges() {
			return this.ranges.chars().mapToObj((c) -> (char) c).toList();
		}

		boolean contains(char c) {
			if (this == UNICODE) {
				return isUnicodeChoice(c);
			}
			for (int i = 0; i < this.ranges.length(); i += 2) {
				if (c >= this.ranges.charAt(i) && c <= this.ranges.charAt(i + 1)) {
					return true;
				}
			}
			return false;
		}

		private static boolean isUnicodeChoice(char c) {
			boolean surrogate = Character.isSurrogate(c);
			boolean privateUse = c >= '\uE000' && c <= '\uF8FF';
			boolean noncharacter = (c >= '\uFDD0' && c <= '\uFDEF') || c == '\uFFFE' || c == '\uFFFF';
			return !surrogate && !privateUse && !noncharacter;
		}

	}

}

package com.pixelgram.chaos;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.imageio.ImageIO;

import tools.jackson.databind.JsonNode;

/**
 * The mixed load: each virtual user, in a thread of its own, reads the feed, likes,
 * comments, opens a post or a profile, reads their notifications, follows and uploads a
 * photo, with a short pause between two requests, and notes in the {@link Ledger} every
 * write that got a 2xx.
 */
final class Traffic {

	private static final String PASSWORD = "chaos correct horse battery";

	/** A token lives 15 minutes; the load logs in again well before. */
	private static final Duration TOKEN_AGE = Duration.ofMinutes(10);

	private final Client client;

	private final Ledger ledger;

	private final List<User> users;

	private final long seed;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	private int rounds;

	Traffic(Client client, Ledger ledger, List<User> users, long seed) {
		this.client = client;
		this.ledger = ledger;
		this.users = users;
		this.seed = seed;
	}

	/**
	 * Registers accounts until each of the two physical databases holds at least
	 * {@code perDatabase} of them (a user's logical shard is drawn at registration).
	 */
	static List<User> register(Client client, int perDatabase) {
		List<User> users = new ArrayList<>();
		for (int i = 0; i < 8 * perDatabase
				&& (count(users, false) < perDatabase || count(users, true) < perDatabase); i++) {
			String username = "chaos_" + UUID.randomUUID().toString().substring(0, 8);
			Client.Reply reply = client.post("POST /v1/auth/register", -1, "/v1/auth/register",
					"{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.com\",\"password\":\""
							+ PASSWORD + "\",\"full_name\":\"Chaos " + i + "\"}",
					null);
			if (reply.status() != 201) {
				throw new IllegalStateException("could not register: " + reply);
			}
			JsonNode body = reply.json();
			User user = new User(body.path("user").path("user_id").asString(), username, PASSWORD,
					body.path("access_token").asString());
			if (count(users, user.shard() >= 4) < perDatabase) {
				users.add(user);
			}
		}
		if (count(users, false) < perDatabase || count(users, true) < perDatabase) {
			throw new IllegalStateException("registrations did not reach both databases: " + users);
		}
		return users;
	}

	private static long count(List<User> users, boolean secondDatabase) {
		return users.stream().filter((user) -> (user.shard() >= 4) == secondDatabase).count();
	}

	/** Starts every virtual user. */
	synchronized void start() {
		this.running = true;
		this.rounds++;
		for (int i = 0; i < this.users.size(); i++) {
			User user = this.users.get(i);
			Random random = new Random(this.seed * 31 + this.rounds * 1_000 + i);
			Thread thread = new Thread(() -> run(user, random), "chaos-user-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	/** Stops every virtual user once its request in flight is answered. */
	synchronized void stop() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.threads.clear();
	}

	private void run(User user, Random random) {
		while (this.running) {
			int dice = random.nextInt(100);
			if (dice < 30) {
				readFeed(user);
			}
			else if (dice < 50) {
				like(user, random);
			}
			else if (dice < 65) {
				comment(user, random);
			}
			else if (dice < 77) {
				openPost(user, random);
			}
			else if (dice < 83) {
				openProfile(user, random);
			}
			else if (dice < 89) {
				readNotifications(user);
			}
			else if (dice < 97) {
				follow(user, random);
			}
			else {
				upload(user, "photo " + UUID.randomUUID(), UUID.randomUUID().toString(), random);
			}
			ChaosStack.sleep(Duration.ofMillis(100 + random.nextInt(100)));
		}
	}

	void readFeed(User user) {
		Client.Reply reply = authorized(user,
				() -> this.client.get("GET /v1/feed", -1, "/v1/feed?limit=20", user.token()));
		if (reply.status() == 200) {
			reply.json().path("posts").forEach((item) -> this.ledger.visiblePosts.add(item.path("post_id").asString()));
		}
	}

	private void like(User user, Random random) {
		String post = pick(random);
		if (post == null || this.ledger.liked(post, user.id())) {
			return;
		}
		like(user, post);
	}

	/** Likes a post; true once the answer is known. */
	boolean like(User user, String post) {
		Client.Reply reply = authorized(user, () -> this.client.post("POST /v1/posts/{id}/like", User.shardOf(post),
				"/v1/posts/" + post + "/like", "", user.token()));
		Ledger.Pending pending = new Ledger.Pending(Ledger.Kind.LIKE, user, post);
		if (reply.ok()) {
			this.ledger.like(post, user.id());
			this.ledger.pending.remove(pending);
		}
		else if (reply.uncertain()) {
			this.ledger.pending.add(pending);
		}
		else {
			this.ledger.pending.remove(pending);
		}
		return !reply.uncertain();
	}

	private void comment(User user, Random random) {
		String post = pick(random);
		if (post == null) {
			return;
		}
		Client.Reply reply = authorized(user, () -> this.client.post("POST /v1/posts/{id}/comments", User.shardOf(post),
				"/v1/posts/" + post + "/comments", "{\"text\":\"chaos " + UUID.randomUUID() + "\"}", user.token()));
		if (reply.ok()) {
			this.ledger.comment(post, reply.text("comment_id"));
		}
		else if (reply.uncertain()) {
			this.ledger.uncertainComment(post);
		}
	}

	private void openPost(User user, Random random) {
		String post = pick(random);
		if (post != null) {
			authorized(user,
					() -> this.client.get("GET /v1/posts/{id}", User.shardOf(post), "/v1/posts/" + post, user.token()));
		}
	}

	private void openProfile(User user, Random random) {
		User other = this.users.get(random.nextInt(this.users.size()));
		authorized(user,
				() -> this.client.get("GET /v1/users/{id}", other.shard(), "/v1/users/" + other.id(), user.token()));
	}

	private void readNotifications(User user) {
		authorized(user, () -> this.client.get("GET /v1/notifications", user.shard(), "/v1/notifications?limit=20",
				user.token()));
	}

	private void follow(User user, Random random) {
		User other = this.users.get(random.nextInt(this.users.size()));
		if (other == user || this.ledger.follows(user.id(), other.id())) {
			return;
		}
		follow(user, other.id());
	}

	/** Follows a user; true once the answer is known. */
	boolean follow(User user, String followee) {
		Client.Reply reply = authorized(user, () -> this.client.post("POST /v1/users/{id}/follow", user.shard(),
				"/v1/users/" + followee + "/follow", "", user.token()));
		Ledger.Pending pending = new Ledger.Pending(Ledger.Kind.FOLLOW, user, followee);
		if (reply.ok()) {
			this.ledger.follow(user.id(), followee);
			this.ledger.pending.remove(pending);
		}
		else if (reply.uncertain()) {
			this.ledger.pending.add(pending);
		}
		else {
			this.ledger.pending.remove(pending);
		}
		return !reply.uncertain();
	}

	/** Uploads a photo under an idempotency key; true once the answer is known. */
	boolean upload(User user, String caption, String key, Random random) {
		byte[] png = png(random);
		Client.Reply reply = authorized(user, () -> this.client.upload(user.shard(), user.token(), key, caption, png));
		Ledger.Pending pending = new Ledger.Pending(Ledger.Kind.UPLOAD, user, key);
		if (reply.ok()) {
			this.ledger.post(reply.text("post_id"), user.id());
			this.ledger.pending.remove(pending);
		}
		else if (reply.uncertain()) {
			this.ledger.pending.add(pending);
		}
		else {
			this.ledger.pending.remove(pending);
		}
		return !reply.uncertain();
	}

	/**
	 * Sends every unanswered like, follow and upload again, as the app does once the
	 * network is back, until each is answered or the time is up.
	 * @return how many are still unanswered
	 */
	int settle(Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		Random random = new Random(this.seed);
		while (!this.ledger.pending.isEmpty() && System.nanoTime() < deadline) {
			for (Ledger.Pending pending : List.copyOf(this.ledger.pending)) {
				switch (pending.kind()) {
					case LIKE -> like(pending.user(), pending.target());
					case FOLLOW -> follow(pending.user(), pending.target());
					case UPLOAD -> upload(pending.user(), "photo " + pending.target(), pending.target(), random);
				}
			}
			if (!this.ledger.pending.isEmpty()) {
				ChaosStack.sleep(Duration.ofSeconds(1));
			}
		}
		return this.ledger.pending.size();
	}

	/** Logs in again when the token is old or refused, then sends the request (again). */
	private Client.Reply authorized(User user, java.util.function.Supplier<Client.Reply> request) {
		if (System.nanoTime() - user.tokenAt() > TOKEN_AGE.toNanos()) {
			login(user);
		}
		Client.Reply reply = request.get();
		if (reply.status() == 401 && login(user)) {
			reply = request.get();
		}
		return reply;
	}

	private boolean login(User user) {
		Client.Reply reply = this.client.post("POST /v1/auth/login", user.shard(), "/v1/auth/login",
				"{\"username\":\"" + user.username() + "\",\"password\":\"" + user.password() + "\"}", null);
		if (reply.ok()) {
			user.token(reply.text("access_token"));
			return true;
		}
		return false;
	}

	private String pick(Random random) {
		List<String> posts = List.copyOf(this.ledger.visiblePosts);
		return posts.isEmpty() ? null : posts.get(random.nextInt(posts.size()));
	}

	/** A small PNG of its own colour: each upload is a new photo. */
	static byte[] png(Random random) {
		BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
		Color colour = new Color(random.nextInt(0xFFFFFF));
		for (int x = 0; x < image.getWidth(); x++) {
			for (int y = 0; y < image.getHeight(); y++) {
				image.setRGB(x, y, (((x / 8) + (y / 8)) % 2 == 0) ? colour.getRGB() : colour.darker().getRGB());
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}

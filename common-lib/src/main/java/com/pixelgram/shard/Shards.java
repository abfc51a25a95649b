package com.pixelgram.shard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import com.pixelgram.id.IdGenerator;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way to reach sharded data: run work "in the shard of ID x" and it gets a
 * transaction on the right physical database with the shard's schema selected.
 * <p>
 * Work for one shard always runs in one transaction; work for a different shard started
 * inside it runs in a transaction of its own (there are no cross-shard transactions).
 * Read-only work goes to the replica when the shard's database has one.
 * <p>
 * Work whose database is down, cannot be reached or loses its connection midway fails
 * with {@link ShardUnavailableException} (at once while the database is marked down),
 * which the services answer with a 503 problem; other shards' work is not affected.
 */
public class Shards {

	/** Schemas asked in one statement by {@link #shardsHolding}. */
	static final int SCHEMAS_PER_QUERY = 200;

	private final ShardMap shardMap;

	private final ShardDatabases databases;

	private final JdbcClient jdbc;

	private final TransactionTemplate write;

	private final TransactionTemplate writeNew;

	private final TransactionTemplate read;

	private final TransactionTemplate readNew;

	/** Clients of the databases' primaries, for statements over many schemas at once. */
	private final Map<String, JdbcClient> primaries = new ConcurrentHashMap<>();

	public Shards(ShardMap shardMap, ShardDatabases databases, JdbcClient jdbc,
			PlatformTransactionManager transactionManager) {
		this.shardMap = shardMap;
		this.databases = databases;
		this.jdbc = jdbc;
		this.write = template(transactionManager, false, TransactionDefinition.PROPAGATION_REQUIRED);
		this.writeNew = template(transactionManager, false, TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.read = template(transactionManager, true, TransactionDefinition.PROPAGATION_REQUIRED);
		this.readNew = template(transactionManager, true, TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** Number of logical shards. */
	public int count() {
		return this.shardMap.count();
	}

	/** The logical shard an ID belongs to; an ID of a shard we do not have is unknown. */
	public int shardOf(long id) {
		int shard = IdGenerator.shardOf(id);
		if (shard >= this.shardMap.count()) {
			throw new UnknownShardException(shard);
		}
		return shard;
	}

	/**
	 * The logical shard of data keyed by a name rather than by an owner's ID (a hashtag's
	 * index): a hash of the key's UTF-8 bytes, so that every process finds the same shard
	 * and keys spread evenly. The function is part of the data's layout: never change it
	 * once such data exists.
	 */
	public int shardOfKey(String key) {
		return shardOfKey(key, this.shardMap.count());
	}

	/** {@link #shardOfKey(String)} for a number of logical shards. */
	public static int shardOfKey(String key, int shardCount) {
		// 64-bit FNV-1a, then the SplitMix64 finaliser so that similar keys land apart.
		long hash = 0xcbf29ce484222325L;
		for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
			hash ^= (b & 0xff);
			hash *= 0x100000001b3L;
		}
		hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
		hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
		hash ^= hash >>> 31;
		return (int) Long.remainderUnsigned(hash, shardCount);
	}

	/** A logical shard for a new owner (user): uniform, so shards fill evenly. */
	public int shardForNewOwner() {
		return ThreadLocalRandom.current().nextInt(this.shardMap.count());
	}

	/** Runs work in a read-write transaction of the logical shard. */
	public <T> T write(int shard, Supplier<T> work) {
		return run(new ShardContext.Key(checked(shard), false), work);
	}

	/** Runs work in a read-write transaction of the logical shard. */
	public void write(int shard, Runnable work) {
		write(shard, () -> {
			work.run();
			return null;
		});
	}

	/**
	 * Runs work in a read-only transaction of the logical shard (on its replica when
	 * set).
	 */
	public <T> T read(int shard, Supplier<T> work) {
		return run(new ShardContext.Key(checked(shard), true), work);
	}

	/**
	 * Works through what a query finds in every shard, a page at a time, until a shard
	 * has nothing left: for erasures whose work on a row takes it out of the query
	 * (deletes it, or changes what the query matches), so that each page starts where the
	 * last one ended. Pages are read on the primary, where the work just done is visible
	 * (a replica's lag would hand the same rows back). A page that comes back unchanged
	 * ends that shard's turn: its rows are not going away, and a later run finds them.
	 * @param page the next rows, read inside the shard's transaction
	 * @param work the work on one row of a shard, in transactions of its own; whether it
	 * counts
	 * @return the rows whose work counted
	 */
	public <T> int drainEveryShard(Supplier<List<T>> page, ShardWork<T> work) {
		int counted = 0;
		for (int shard = 0; shard < count(); shard++) {
			List<T> previous = null;
			for (List<T> rows = write(shard, page); !rows.isEmpty()
					&& !rows.equals(previous); rows = write(shard, page)) {
				for (T row : rows) {
					if (work.apply(shard, row)) {
						counted++;
					}
				}
				previous = rows;
			}
		}
		return counted;
	}

	/**
	 * The logical shards of a physical database that hold a row of a table matching a
	 * condition, asked of its primary in one statement per {@value #SCHEMAS_PER_QUERY}
	 * schemas rather than one per shard: for pollers that look for due work across
	 * hundreds of shards.
	 * @param table a table of the shard schema
	 * @param condition an SQL condition on its rows, without parameters
	 */
	public List<Integer> shardsHolding(PhysicalDatabase database, String table, String condition) {
		JdbcClient client = this.primaries.computeIfAbsent(database.name(),
				(name) -> JdbcClient.create(database.primary()));
		List<Integer> holding = new ArrayList<>();
		List<Integer> shards = database.shards();
		for (int from = 0; from < shards.size(); from += SCHEMAS_PER_QUERY) {
			StringBuilder sql = new StringBuilder();
			for (int shard : shards.subList(from, Math.min(shards.size(), from + SCHEMAS_PER_QUERY))) {
				if (!sql.isEmpty()) {
					sql.append(" UNION ALL ");
				}
				sql.append("(SELECT ")
					.append(shard)
					.append(" AS shard FROM ")
					.append(ShardMap.schemaOf(shard))
					.append('.')
					.append(table)
					.append(" WHERE ")
					.append(condition)
					.append(" LIMIT 1)");
			}
			holding.addAll(client.sql(sql.toString()).query(Integer.class).list());
		}
		return holding;
	}

	/** Runs work in a read-write transaction of the {@code global} schema. */
	public <T> T writeGlobal(Supplier<T> work) {
		return run(new ShardContext.Key(ShardContext.GLOBAL, false), work);
	}

	/** Runs work in a read-only transaction of the {@code global} schema. */
	public <T> T readGlobal(Supplier<T> work) {
		return run(new ShardContext.Key(ShardContext.GLOBAL, true), work);
	}

	/**
	 * The JDBC client to use inside {@link #write}/{@link #read}: its statements run on
	 * the transaction's connection, with unqualified table names resolving to the shard's
	 * schema.
	 */
	public JdbcClient jdbc() {
		return this.jdbc;
	}

	/**
	 * The physical databases, for work that runs per database (relays, reconciliation).
	 */
	public Collection<PhysicalDatabase> databases() {
		return this.databases.all();
	}

	/**
	 * The physical database that holds the {@code global} schema (ShedLock, directories).
	 */
	public PhysicalDatabase globalDatabase() {
		return this.databases.get(this.shardMap.globalDatabase());
	}

	/** The physical database that holds a logical shard. */
	public PhysicalDatabase databaseOf(int shard) {
		return this.databases.get(this.shardMap.databaseOf(shard));
	}

	private <T> T run(ShardContext.Key key, Supplier<T> work) {
		ShardContext.Key current = ShardContext.current();
		boolean inTransaction = current != null && TransactionSynchronizationManager.isActualTransactionActive();
		if (inTransaction && current.shard() == key.shard() && (key.readOnly() || !current.readOnly())) {
			return work.get();
		}
		TransactionTemplate template;
		if (inTransaction) {
			template = key.readOnly() ? this.readNew : this.writeNew;
		}
		else {
			template = key.readOnly() ? this.read : this.write;
		}
		PhysicalDatabase database = this.databases.get(this.shardMap.databaseOf(key.shard()));
		// Reads go on from a serving replica while the primary is down.
		boolean onReplica = key.readOnly() && database.replicaServes();
		if (!onReplica) {
			database.availability().checkUp();
		}
		try {
			ShardContext.Key routed = onReplica ? key.onReplica() : key;
			return ShardContext.call(routed, () -> template.execute((status) -> work.get()));
		}
		catch (ShardUnavailableException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			ShardUnavailableException unavailable = unavailable(ex);
			if (unavailable != null) {
				throw unavailable;
			}
			if (DatabaseAvailability.isConnectionFailure(ex)) {
				// Lost the connection midway (or a statement saw nothing for the socket
				// timeout): the probe looks at once.
				DatabaseAvailability availability = onReplica ? database.replicaAvailability()
						: database.availability();
				availability.connectionLost();
				throw new ShardUnavailableException(database.name(), availability.retryAfter(), ex);
			}
			throw ex;
		}
	}

	/** The refusal the transaction manager wrapped when it could not get a connection. */
	private static ShardUnavailableException unavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof ShardUnavailableException unavailable) {
				return unavailable;
			}
		}
		return null;
	}

	private int checked(int shard) {
		if (shard < 0 || shard >= this.shardMap.count()) {
			throw new UnknownShardException(shard);
		}
		return shard;
	}

	private static TransactionTemplate template(PlatformTransactionManager transactionManager, boolean readOnly,
			int propagation) {
		TransactionTemplate template = new TransactionTemplate(transactionManager);
		template.setReadOnly(readOnly);
		template.setPropagationBehavior(propagation);
		return template;
	}

	/**
	 * Work on one row found in a shard ({@link #drainEveryShard}).
	 *
	 * @param <T> the row
	 */
	@FunctionalInterface
	public interface ShardWork<T> {

		/**
		 * Does the work.
		 * @return whether it counts (a row really deleted, say)
		 */
		boolean apply(int shard, T row);

	}

}

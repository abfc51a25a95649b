package com.pixelgram.outbox;

import java.util.Map;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates every consumer queue of the topology with its dead-letter queue and redrive
 * policy when missing, and brings the attributes of existing ones up to date. Safe to run
 * from every replica and again at any time (after an SQS server lost its queues, say).
 */
public class QueueProvisioner {

	private static final Logger log = LoggerFactory.getLogger(QueueProvisioner.class);

	private static final String FOURTEEN_DAYS = Integer.toString(14 * 24 * 3600);

	private final SqsAsyncClient sqs;

	private final EventTopology topology;

	private final EventProperties properties;

	public QueueProvisioner(SqsAsyncClient sqs, EventTopology topology, EventProperties properties) {
		this.sqs = sqs;
		this.topology = topology;
		this.properties = properties;
	}

	/** Creates or updates every queue; failures propagate. */
	public void provision() {
		this.topology.queues().forEach(this::provision);
	}

	/**
	 * As {@link #provision()}, but an unreachable SQS only logs: the relay retries later.
	 */
	public boolean tryProvision() {
		try {
			provision();
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Could not provision event queues yet ({}); will retry on first send", rootMessage(ex));
			return false;
		}
	}

	private void provision(String queue) {
		String deadLetter = EventTopology.deadLetterOf(queue);
		String deadLetterUrl = createOrUpdate(deadLetter,
				Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, FOURTEEN_DAYS));
		String deadLetterArn = this.sqs
			.getQueueAttributes(
					(request) -> request.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.join()
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		String redrivePolicy = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
				+ this.properties.maxReceiveCount() + "\"}";
		createOrUpdate(queue,
				Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
						Long.toString(this.properties.visibilityTimeout().toSeconds()),
						QueueAttributeName.REDRIVE_POLICY, redrivePolicy));
	}

	private String createOrUpdate(String queue, Map<QueueAttributeName, String> attributes) {
		try {
			return this.sqs.createQueue((request) -> request.queueName(queue).attributes(attributes)).join().queueUrl();
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof QueueNameExistsException)) {
				throw ex;
			}
			// Exists with other attributes: make them ours.
			String url = this.sqs.getQueueUrl((request) -> request.queueName(queue)).join().queueUrl();
			this.sqs.setQueueAttributes((request) -> request.queueUrl(url).attributes(attributes)).join();
			return url;
		}
	}

	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}

package com.pixelgram.id;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this process takes its share of the ID sequence bits.
 *
 * @param nodeBits sequence bits reserved for the node number (0 when one process makes
 * the IDs of a shard space; 3 allows eight replicas)
 * @param nodeId this replica's node number, below {@code 2^nodeBits}
 */
@ConfigurationProperties("pixelgram.ids")
public record IdProperties(@DefaultValue("0") int nodeBits, @DefaultValue("0") int nodeId) {

}

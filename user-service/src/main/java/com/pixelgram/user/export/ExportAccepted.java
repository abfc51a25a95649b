package com.pixelgram.user.export;

import com.pixelgram.id.JsonId;

/**
 * The answer to an export request.
 *
 * @param exportId the export to poll, new or the one still pending
 */
record ExportAccepted(@JsonId long exportId) {

}

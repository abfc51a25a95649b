package com.pixelgram.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's answer to a request it refuses before any servlet sees it (a path that is not
 * valid percent-encoded UTF-8, a character that a request line may not hold): a problem
 * instead of Tomcat's HTML page. Everything a servlet answers goes through
 * {@link ProblemErrorController} as before; this valve only writes when nothing else has.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// As Tomcat's own: only an error, only if nothing was written, only once.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatusCode code = HttpStatusCode.valueOf(status);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(code, ProblemErrorController.detail(code));
		ProblemExceptionHandler.complete(problem, code);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", status);
		body.put("detail", problem.getDetail());
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(JsonMapper.shared().writeValueAsString(body));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response committed: nothing left to tell it
		}
	}

}

package com.pixelgram.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the container's error dispatch (an exception or {@code sendError} in a filter,
 * a request Tomcat refuses) with a problem instead of Boot's error page. Only the status
 * is used: the exception and the error message stay on the server.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemErrorController implements ErrorController {

	@RequestMapping
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatusCode status = status(request);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
		ProblemExceptionHandler.complete(problem, status);
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		problem.setInstance(ProblemResponseWriter.instance((path != null) ? path.toString() : null));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static HttpStatusCode status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code instanceof Integer value && value >= 400 && value <= 599) {
			return HttpStatusCode.valueOf(value);
		}
		// Not an error dispatch: a client asked for /error itself.
		return (code == null) ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
	}

	static String detail(HttpStatusCode status) {
		if (status.is5xxServerError()) {
			return (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value())
					? "The service is temporarily unavailable." : ProblemExceptionHandler.INTERNAL_DETAIL;
		}
		return switch (status.value()) {
			case 400 -> "The request could not be understood.";
			case 401 -> "Authentication is required.";
			case 403 -> "Access is denied.";
			case 404 -> "There is nothing at this path.";
			case 405 -> "The method is not supported at this path.";
			case 413 -> "The request is too large.";
			case 415 -> "The content type is not supported.";
			case 429 -> "Too many requests.";
			default -> {
				HttpStatus known = HttpStatus.resolve(status.value());
				yield (known != null) ? known.getReasonPhrase() + "." : "The request failed.";
			}
		};
	}

}

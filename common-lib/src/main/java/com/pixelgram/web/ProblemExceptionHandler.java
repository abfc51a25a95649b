package com.pixelgram.web;

import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.pixelgram.shard.UnknownShardException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.PropertyNamingStrategies;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception that leaves a controller into an RFC 9457 problem with one of the
 * {@link ProblemType} URIs, Spring MVC's own exceptions included. Server-side failures
 * are logged with their stack trace and shown to the client only as a generic detail.
 */
@RestControllerAdvice
class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

	static final String INTERNAL_DETAIL = "The server failed to complete the request.";

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	// Spring Security translates these itself (401/403) once they leave the dispatcher.
	private static final List<Class<?>> LEFT_TO_SECURITY = classesPresent(
			"org.springframework.security.access.AccessDeniedException",
			"org.springframework.security.core.AuthenticationException");

	// Matched by name: a service need not have Spring's transaction module.
	private static final List<Class<?>> CONFLICTS = classesPresent("org.springframework.dao.DuplicateKeyException");

	// The database refused a value (Postgres' SQLSTATE class 22: a NUL character in text,
	// a number out of range): the request's fault, whichever validation missed it.
	private static final List<Class<?>> INTEGRITY_VIOLATIONS = classesPresent(
			"org.springframework.dao.DataIntegrityViolationException");

	// Failures that a moment later may not happen again: a lock not granted, a deadlock
	// lost, a pool with no free connection, a query or cache that timed out.
	private static final List<Class<?>> TRANSIENT = classesPresent(
			"org.springframework.dao.TransientDataAccessException",
			"org.springframework.transaction.CannotCreateTransactionException");

	// Tomcat refuses a query parameter that is not valid UTF-8 once percent-decoded
	// (%FF) when it is first read: the request's fault.
	private static final List<Class<?>> UNDECODABLE_PARAMETERS = classesPresent(
			"org.apache.tomcat.util.http.InvalidParameterException");

	@ExceptionHandler(ApiException.class)
	ResponseEntity<Object> handleApiException(ApiException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.getStatus(), ex.getDetail());
		problem.setType(ex.getType());
		problem.setTitle(ex.getTitle());
		ex.getProperties().forEach(problem::setProperty);
		HttpHeaders headers = new HttpHeaders();
		ex.getHeaders().forEach(headers::add);
		return handleExceptionInternal(ex, problem, headers, ex.getStatus(), request);
	}

	@ExceptionHandler(UnknownShardException.class)
	ResponseEntity<Object> handleUnknownShard(UnknownShardException ex, WebRequest request) {
		return problem(ex, ProblemType.NOT_FOUND, "The requested resource does not exist.", request);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
		List<FieldViolation> errors = new ArrayList<>();
		Set<ConstraintViolation<?>> violations = ex.getConstraintViolations();
		if (violations != null) {
			violations.forEach((violation) -> errors
				.add(new FieldViolation(clientPath(violation.getPropertyPath()), violation.getMessage())));
		}
		return validation(ex, errors, request);
	}

	@ExceptionHandler(MultipartException.class)
	ResponseEntity<Object> handleMultipart(MultipartException ex, WebRequest request) {
		// A broken multipart body: a wrong boundary, an upload cut off midway. (Bodies
		// over the size limit have their own, more specific handler: 413.)
		return problem(ex, ProblemType.MALFORMED_REQUEST, "The multipart request body could not be read.", request);
	}

	/**
	 * Everything without a more specific handler: a few known types, otherwise an
	 * internal error.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) throws Exception {
		if (isAny(ex, LEFT_TO_SECURITY)) {
			throw ex;
		}
		if (isAny(ex, UNDECODABLE_PARAMETERS)) {
			return problem(ex, ProblemType.MALFORMED_REQUEST, "A query parameter is not valid percent-encoded UTF-8.",
					request);
		}
		if (ex instanceof IllegalArgumentException && hasWildcardContentType(request)) {
			// Spring refuses to read a body declared as "*/*" or "application/*" with an
			// IllegalArgumentException, before any converter says it is not supported.
			return problem(ex, ProblemType.UNSUPPORTED_MEDIA_TYPE, "The content type is not supported.", request);
		}
		if (isAny(ex, CONFLICTS)) {
			return problem(ex, ProblemType.CONFLICT, "The request conflicts with existing data.", request);
		}
		if (isAny(ex, INTEGRITY_VIOLATIONS) && isDataException(ex)) {
			return validation(ex, "The request holds a value that cannot be stored, such as a NUL character.",
					List.of(), request);
		}
		TemporarilyUnavailable unavailable = temporarilyUnavailable(ex);
		if (unavailable != null) {
			long seconds = Math.max(1, (unavailable.retryAfter().toMillis() + 999) / 1000);
			return unavailable((Exception) unavailable,
					"Part of the service's data is unavailable for a moment; try again shortly.", seconds, request);
		}
		if (isAny(ex, TRANSIENT)) {
			return unavailable(ex, "The service is busy; try again in a moment.", 1, request);
		}
		ResponseStatus responseStatus = AnnotatedElementUtils.findMergedAnnotation(ex.getClass(), ResponseStatus.class);
		if (responseStatus != null) {
			HttpStatus status = responseStatus.code();
			String detail = StringUtils.hasText(responseStatus.reason()) ? responseStatus.reason()
					: status.getReasonPhrase();
			return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, detail), new HttpHeaders(),
					status, request);
		}
		return handleExceptionInternal(ex, ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR), new HttpHeaders(),
				HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return validation(ex, violations(ex.getBindingResult().getAllErrors()), request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors bean) {
				errors.addAll(violations(bean.getAllErrors()));
			}
			else {
				String name = parameterName(result.getMethodParameter());
				result.getResolvableErrors()
					.forEach((error) -> errors.add(new FieldViolation(name, error.getDefaultMessage())));
			}
		}
		ex.getCrossParameterValidationResults()
			.forEach((error) -> errors.add(new FieldViolation(null, error.getDefaultMessage())));
		return validation(ex, errors, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// The exception's message names Java types and parser positions: never echo it.
		if (exceedsParserLimit(ex)) {
			// Refused while streaming in (JsonLimitsProperties): the rest was never read.
			return problem(ex, ProblemType.MALFORMED_REQUEST,
					"The request body exceeds a limit of the JSON parser: a string, a name, a number, the nesting "
							+ "or the whole body is too long.",
					request);
		}
		return problem(ex, ProblemType.MALFORMED_REQUEST,
				"The request body is missing, is not valid JSON, or does not have the expected shape.", request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		String message = "must be " + expected(ex.getRequiredType());
		return validation(ex, "Parameter '" + name + "' " + message + ".", List.of(new FieldViolation(name, message)),
				request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String name = ex.getParameterName();
		return validation(ex, "Parameter '" + name + "' is required.", List.of(new FieldViolation(name, "is required")),
				request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String name = ex.getRequestPartName();
		return validation(ex, "Part '" + name + "' is required.", List.of(new FieldViolation(name, "is required")),
				request);
	}

	@Override
	protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Spring's detail names only the missing header, cookie or attribute.
		return validation(ex, ex.getBody().getDetail(), List.of(), request);
	}

	@Override
	protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(ex, ProblemType.NOT_FOUND, "There is nothing at this path.", request);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(ex, ProblemType.NOT_FOUND, "There is nothing at this path.", request);
	}

	/**
	 * Every response of this advice passes here: it completes the problem (type, title,
	 * instance), marks it {@code application/problem+json} and keeps server-side failures
	 * out of the body.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		HttpHeaders problemHeaders = HttpHeaders.copyOf(headers);
		problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, problemHeaders, statusCode, request);
		if (response == null) {
			return null;
		}
		ProblemDetail problem = (response.getBody() instanceof ProblemDetail detail) ? detail
				: ProblemDetail.forStatus(statusCode);
		complete(problem, statusCode);
		if (ex instanceof TemporarilyUnavailable) {
			log.debug("Request {} refused: {}", describe(request), ex.getMessage());
		}
		else if (statusCode.is5xxServerError() && !(ex instanceof ApiException)) {
			log.error("Request {} failed", describe(request), ex);
			problem.setDetail(INTERNAL_DETAIL);
		}
		if (problem.getInstance() == null) {
			problem.setInstance(instance(request));
		}
		return new ResponseEntity<>(problem, response.getHeaders(), response.getStatusCode());
	}

	/** Gives a problem Spring left as {@code about:blank} the type of its status. */
	static void complete(ProblemDetail problem, HttpStatusCode status) {
		URI type = problem.getType();
		if (type == null || "about:blank".equals(type.toString())) {
			ProblemType.forStatus(status.value()).ifPresent((known) -> {
				problem.setType(known.uri());
				problem.setTitle(known.title());
			});
		}
	}

	/**
	 * A body field path as the client sees it: {@code items[0].unitPrice} →
	 * {@code items[0].unit_price}.
	 */
	static String snakeCase(String path) {
		if (path == null || path.isEmpty()) {
			return path;
		}
		StringBuilder result = new StringBuilder();
		for (String segment : path.split("\\.", -1)) {
			if (!result.isEmpty()) {
				result.append('.');
			}
			int bracket = segment.indexOf('[');
			String name = (bracket >= 0) ? segment.substring(0, bracket) : segment;
			// Jackson's own strategy, so that the name is exactly the one in the JSON.
			result.append(PropertyNamingStrategies.SNAKE_CASE.nameForField(null, null, name));
			if (bracket >= 0) {
				result.append(segment.substring(bracket));
			}
		}
		return result.toString();
	}

	private ResponseEntity<Object> problem(Exception ex, ProblemType type, String detail, WebRequest request) {
		return problem(ex, type, detail, new HttpHeaders(), request);
	}

	private ResponseEntity<Object> problem(Exception ex, ProblemType type, String detail, HttpHeaders headers,
			WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		return handleExceptionInternal(ex, problem, headers, type.status(), request);
	}

	/** A 503 problem with a {@code Retry-After} in whole seconds. */
	private ResponseEntity<Object> unavailable(Exception ex, String detail, long retryAfterSeconds,
			WebRequest request) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		return problem(ex, ProblemType.SERVICE_UNAVAILABLE, detail, headers, request);
	}

	private ResponseEntity<Object> validation(Exception ex, List<FieldViolation> errors, WebRequest request) {
		return validation(ex, "The request has invalid fields.", errors, request);
	}

	private ResponseEntity<Object> validation(Exception ex, String detail, List<FieldViolation> errors,
			WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ProblemType.VALIDATION.status(), detail);
		problem.setType(ProblemType.VALIDATION.uri());
		problem.setTitle(ProblemType.VALIDATION.title());
		List<FieldViolation> sorted = new ArrayList<>(errors);
		sorted.sort(Comparator.comparing(FieldViolation::field, Comparator.nullsFirst(Comparator.naturalOrder()))
			.thenComparing(FieldViolation::message, Comparator.nullsFirst(Comparator.naturalOrder())));
		problem.setProperty("errors", sorted);
		return handleExceptionInternal(ex, problem, new HttpHeaders(), ProblemType.VALIDATION.status(), request);
	}

	private static List<FieldViolation> violations(List<? extends MessageSourceResolvable> errors) {
		List<FieldViolation> violations = new ArrayList<>();
		for (MessageSourceResolvable error : errors) {
			String field = (error instanceof FieldError fieldError) ? snakeCase(fieldError.getField()) : null;
			violations.add(new FieldViolation(field, error.getDefaultMessage()));
		}
		return violations;
	}

	/**
	 * The name the client used: the one in the binding annotation, else the Java name.
	 */
	private static String parameterName(MethodParameter parameter) {
		RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
		if (requestParam != null && StringUtils.hasText(requestParam.name())) {
			return requestParam.name();
		}
		PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
		if (pathVariable != null && StringUtils.hasText(pathVariable.name())) {
			return pathVariable.name();
		}
		RequestHeader requestHeader = parameter.getParameterAnnotation(RequestHeader.class);
		if (requestHeader != null && StringUtils.hasText(requestHeader.name())) {
			return requestHeader.name();
		}
		RequestPart requestPart = parameter.getParameterAnnotation(RequestPart.class);
		if (requestPart != null && StringUtils.hasText(requestPart.name())) {
			return requestPart.name();
		}
		CookieValue cookieValue = parameter.getParameterAnnotation(CookieValue.class);
		if (cookieValue != null && StringUtils.hasText(cookieValue.name())) {
			return cookieValue.name();
		}
		return parameter.getParameterName();
	}

	/**
	 * The path of a violation without the method: {@code search.limit} → {@code limit}.
	 */
	private static String clientPath(Path path) {
		StringBuilder result = new StringBuilder();
		for (Path.Node node : path) {
			if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
					|| node.getKind() == ElementKind.RETURN_VALUE || node.getKind() == ElementKind.CROSS_PARAMETER) {
				continue;
			}
			if (node.getName() == null) {
				continue;
			}
			if (!result.isEmpty()) {
				result.append('.');
			}
			result.append(node.getName());
			if (node.getIndex() != null) {
				result.append('[').append(node.getIndex()).append(']');
			}
			else if (node.getKey() != null) {
				result.append('[').append(node.getKey()).append(']');
			}
		}
		return result.isEmpty() ? null : snakeCase(result.toString());
	}

	private static String expected(Class<?> type) {
		if (type == null) {
			return "a valid value";
		}
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		if (Number.class.isAssignableFrom(boxed)) {
			return "a number";
		}
		if (Boolean.class == boxed) {
			return "true or false";
		}
		if (type.isEnum()) {
			List<String> names = new ArrayList<>();
			for (Object constant : type.getEnumConstants()) {
				names.add(((Enum<?>) constant).name());
			}
			return "one of " + names;
		}
		return "a valid value";
	}

	private static URI instance(WebRequest request) {
		HttpServletRequest servletRequest = (request instanceof NativeWebRequest nativeRequest)
				? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
		return (servletRequest != null) ? ProblemResponseWriter.instance(servletRequest) : null;
	}

	/**
	 * The request as its route names it ({@code DELETE /v1/devices/{token}}), not its
	 * path: a path may carry a secret (a push token), and the gateway's access log has
	 * the rest. The path only when no route matched.
	 */
	private static String describe(WebRequest request) {
		HttpServletRequest servletRequest = (request instanceof NativeWebRequest nativeRequest)
				? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
		if (servletRequest == null) {
			return request.getDescription(false);
		}
		Object route = servletRequest.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return servletRequest.getMethod() + " " + ((route != null) ? route : servletRequest.getRequestURI());
	}

	private static boolean exceedsParserLimit(Throwable ex) {
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof StreamConstraintsException) {
				return true;
			}
		}
		return false;
	}

	/** Whether the database refused a value as such (SQLSTATE class 22). */
	private static boolean isDataException(Throwable ex) {
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
				return true;
			}
		}
		return false;
	}

	/** The outage behind a failure, wrapped as it may be (a transaction not begun). */
	private static TemporarilyUnavailable temporarilyUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof TemporarilyUnavailable unavailable && cause instanceof Exception) {
				return unavailable;
			}
		}
		return null;
	}

	private static boolean hasWildcardContentType(WebRequest request) {
		String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static boolean isAny(Exception ex, List<Class<?>> types) {
		return types.stream().anyMatch((type) -> type.isInstance(ex));
	}

	private static List<Class<?>> classesPresent(String... names) {
		ClassLoader classLoader = ProblemExceptionHandler.class.getClassLoader();
		List<Class<?>> present = new ArrayList<>();
		for (String name : names) {
			if (ClassUtils.isPresent(name, classLoader)) {
				present.add(ClassUtils.resolveClassName(name, classLoader));
			}
		}
		return List.copyOf(present);
	}

}

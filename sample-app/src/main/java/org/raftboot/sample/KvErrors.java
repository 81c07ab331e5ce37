package org.raftboot.sample;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Short text answers for the failures a client can act on: retry (503), shrink (413), fix (400). */
@RestControllerAdvice
class KvErrors {

	@ExceptionHandler
	ResponseEntity<String> outcomeUnknown(OutcomeUnknownException ex) {
		return text(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<String> tooLarge(ValueTooLargeException ex) {
		return text(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<String> badRequest(IllegalArgumentException ex) {
		return text(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	private static ResponseEntity<String> text(HttpStatus status, String reason) {
		return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(reason + "\n");
	}

}

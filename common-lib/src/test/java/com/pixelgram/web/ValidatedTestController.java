package com.pixelgram.web;

import java.util.List;

import jakarta.validation.constraints.Max;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Validated through an AOP proxy, which throws ConstraintViolationException instead. */
@RestController
@Validated
class ValidatedTestController {

	@GetMapping("/validated/feed")
	List<String> feed(@RequestParam @Max(100) int limit) {
		return List.of();
	}

}

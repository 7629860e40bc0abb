package dev.revive.api.endpoint;

import dev.revive.model.Violation;
import java.util.List;

/** Thrown anywhere in request handling to answer with a problem-details body instead of a stack trace. */
public class ApiProblem extends RuntimeException {
    private final transient Problem problem;

    public ApiProblem(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ApiProblem badRequest(String code, String detail) {
        return new ApiProblem(Problem.of(400, code, "Bad request", detail));
    }

    public static ApiProblem invalid(List<Violation> violations) {
        return new ApiProblem(Problem.of(400, "invalid-request", "Invalid request",
                "the request has " + violations.size() + " invalid field(s)").withViolations(violations));
    }

    public static ApiProblem tooLarge(String detail) {
        return new ApiProblem(Problem.of(413, "too-large", "Payload too large", detail));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(Problem.of(404, "not-found", "Not found", detail));
    }

    public static ApiProblem conflict(String code, String detail) {
        return new ApiProblem(Problem.of(409, code, "Conflict", detail));
    }

    public static ApiProblem unprocessable(String code, String detail) {
        return new ApiProblem(Problem.of(422, code, "Unprocessable content", detail));
    }

    public static ApiProblem tooMany(String code, String detail) {
        return new ApiProblem(Problem.of(429, code, "Too many requests", detail));
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(Problem.of(503, "unavailable", "Service unavailable", detail));
    }
}

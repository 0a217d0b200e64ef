package dev.converge.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.converge.agent.operator.ServiceTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code converge hub twin DEVICE [--set JSON]}: prints a twin, after optionally patching its desired properties. */
@Command(name = "twin", mixinStandardHelpOptions = true,
    description = "Print a device's (or module's) twin; --set merges JSON into its desired properties first"
        + " (null deletes a property).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "1:the hub refused (unknown device, rule broken)", "2:bad JSON or option"})
final class HubTwinCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  @Parameters(paramLabel = "DEVICE", description = "Device id.")
  String deviceId;

  @Option(names = "--module", paramLabel = "ID", description = "The module's twin instead of the device's.")
  String moduleId;

  @Option(names = "--set", paramLabel = "JSON", description = "Desired properties to merge, e.g. '{\"fan\":{\"speed\":2}}'.")
  String set;

  @Option(names = "--tags", paramLabel = "JSON", description = "Tags to merge, e.g. '{\"env\":\"lab\"}'.")
  String tags;

  @Mixin ServiceOptions service;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ServiceTarget target;
    Map<String, Object> desired;
    Map<String, Object> tagPatch;
    try {
      target = service.target();
      desired = object("--set", set);
      tagPatch = object("--tags", tags);
    } catch (IllegalArgumentException e) {
      return service.fail(ExitCode.USAGE, e.getMessage());
    }
    TwinClient twins = target.twins();
    try {
      Twin twin = moduleId == null ? twins.get(deviceId) : twins.get(deviceId, moduleId);
      if (desired != null || tagPatch != null) {
        Twin patch = moduleId == null ? new Twin(deviceId) : new Twin(deviceId, moduleId);
        if (desired != null) {
          patch.getDesiredProperties().putAll(desired);
        }
        if (tagPatch != null) {
          patch.getTags().putAll(tagPatch);
        }
        twins.patch(patch);
        twin = moduleId == null ? twins.get(deviceId) : twins.get(deviceId, moduleId);
      }
      out.println(twin);
      out.flush();
      return ExitCode.OK;
    } catch (IotHubException | IOException e) {
      return service.fail(ExitCode.NOT_CONVERGED, target.endpoint() + ": " + e.getMessage());
    }
  }

  private static Map<String, Object> object(String option, String text) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode parsed = JSON.readTree(text);
      if (parsed == null || !parsed.isObject()) {
        throw new IllegalArgumentException(option + " must be a JSON object, was: " + text);
      }
      return JSON.convertValue(parsed, OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(option + " is not valid JSON: " + e.getOriginalMessage());
    }
  }
}

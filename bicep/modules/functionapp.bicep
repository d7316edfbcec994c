// The Flex Consumption plan and the function app: a custom handler (functionAppConfig.runtime.name
// 'custom', PLATFORM.md point 1) that signs in to storage and Application Insights as its
// user-assigned identity. No connection string carries a key, and basic publishing credentials are off.

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app (also its default host name).')
param appName string

@description('Region of the plan and the app.')
param location string

@description('Tags for every resource.')
param tags object

@description('Value of the azd-service-name tag, by which `azd deploy` finds the app (the service name in azure.yaml).')
param azdServiceName string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Blob, queue and table endpoints of the storage account.')
param storageEndpoints {
  blob: string
  queue: string
  table: string
}

@description('URL of the blob container Flex deploys the package from.')
param deploymentContainerUrl string

@description('Application Insights connection string (an endpoint, not a secret: local auth is off).')
param appInsightsConnectionString string

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

// Version of the Flex "Custom Handler" stack.
var customHandlerRuntimeVersion = '1.0'

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // The Functions host's own storage (triggers, timers' leases, keys): identity-based.
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: storageEndpoints.blob }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: storageEndpoints.queue }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: storageEndpoints.table }
        // DefaultAzureCredential in the handler picks this identity.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'custom'
        version: customHandlerRuntimeVersion
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

// Deployments authenticate with Entra ID (azd, az functionapp deployment); no publishing passwords.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName

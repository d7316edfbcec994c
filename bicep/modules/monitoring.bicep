// Log Analytics and a workspace-based Application Insights with local (instrumentation key) auth off:
// telemetry is accepted only from Entra ID identities, here the function app's managed identity.

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Region of the resources.')
param location string

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Tags for every resource.')
param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

output appInsightsName string = appInsights.name
// A connection string is an endpoint and an id, not a credential: with DisableLocalAuth the identity
// named in APPLICATIONINSIGHTS_AUTHENTICATION_STRING is what authorises ingestion.
output appInsightsConnectionString string = appInsights.properties.ConnectionString
